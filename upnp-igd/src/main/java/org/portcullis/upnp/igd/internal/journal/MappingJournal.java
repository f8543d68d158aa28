package org.portcullis.upnp.igd.internal.journal;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.portcullis.upnp.igd.PortMapping;
import org.portcullis.upnp.igd.Protocol;
import org.portcullis.upnp.igd.internal.pinhole.Pinhole;

/**
 * Append-only journal of acknowledged mapping and pinhole changes in a state directory. Each record is
 * {@code length (4 bytes) | CRC-32 of payload (4 bytes) | payload}; a payload is a mapping add (the whole mapping),
 * a mapping delete (the key), a pinhole add (the whole pinhole with its UniqueID and lease end) or a pinhole delete
 * (the UniqueID). Journals written before pinholes were journaled hold only mapping records and load unchanged. Every append is forced to the device ({@link FileChannel#force}) before it returns, so the caller
 * may acknowledge the change afterwards. Replay applies the records in order and stops at the first record that is
 * short or fails its CRC (a torn write from a crash): that tail is reported and cut off. {@link #compact} rewrites
 * the journal as one add per live mapping into a temporary file, forces it and renames it over the journal.
 *
 * <p>Not thread-safe: the IGD calls it from its single worker thread.
 */
public final class MappingJournal implements AutoCloseable {
    /** The journal's file name inside the state directory. */
    public static final String FILE_NAME = "mappings.journal";
    static final int MAX_RECORD_BYTES = 4096;
    private static final byte ADD = 'A';
    private static final byte DELETE = 'D';
    private static final byte PINHOLE_ADD = 'P';
    private static final byte PINHOLE_DELETE = 'Q';

    private final Path dir;
    private final Path file;
    private FileChannel channel;
    private long recordsSinceCompaction;

    /**
     * What replay found.
     *
     * @param mappings      the mappings the journal holds, expired ones included, in journal order
     * @param pinholes      the pinholes the journal holds, expired ones included, in journal order
     * @param records       good records read
     * @param tornBytes     bytes cut off after the last good record (0 when the journal ended cleanly)
     */
    public record Replay(List<PortMapping> mappings, List<Pinhole> pinholes, long records, long tornBytes) {
        public Replay {
            mappings = List.copyOf(mappings);
            pinholes = List.copyOf(pinholes);
        }

        public boolean torn() {
            return tornBytes > 0;
        }
    }

    private MappingJournal(Path dir, Path file, FileChannel channel, long records) {
        this.dir = dir;
        this.file = file;
        this.channel = channel;
        this.recordsSinceCompaction = records;
    }

    /** The result of {@link #open}: the journal, ready for appends, and what it held. */
    public record Opened(MappingJournal journal, Replay replay) {}

    /**
     * Opens (creating if needed) the journal in {@code dir}, replays it and cuts off a torn tail.
     *
     * @throws IOException when the directory or journal cannot be created, read or written
     */
    public static Opened open(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a directory");
        }
        if (!Files.isReadable(dir) || !Files.isWritable(dir) || !Files.isExecutable(dir)) {
            throw new AccessDeniedException(dir.toString(), null, "state directory not readable and writable");
        }
        Path file = dir.resolve(FILE_NAME);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            Replay replay = read(ch);
            long good = ch.size() - replay.tornBytes();
            if (replay.torn()) {
                ch.truncate(good);
                ch.force(true);
            }
            ch.position(good);
            return new Opened(new MappingJournal(dir, file, ch, replay.records()), replay);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static Replay read(FileChannel ch) throws IOException {
        long size = ch.size();
        Map<PortMapping.Key, PortMapping> live = new LinkedHashMap<>();
        Map<Integer, Pinhole> holes = new LinkedHashMap<>();
        long pos = 0;
        long records = 0;
        ByteBuffer head = ByteBuffer.allocate(8);
        while (pos < size) {
            head.clear();
            if (size - pos < 8 || readFully(ch, head, pos) < 8) {
                break;
            }
            head.flip();
            int len = head.getInt();
            int crc = head.getInt();
            if (len < 1 || len > MAX_RECORD_BYTES || pos + 8 + len > size) {
                break;
            }
            ByteBuffer payload = ByteBuffer.allocate(len);
            if (readFully(ch, payload, pos + 8) < len) {
                break;
            }
            payload.flip();
            if (crc(payload.array(), len) != crc) {
                break;
            }
            if (!apply(payload, live, holes)) {
                break;
            }
            records++;
            pos += 8 + len;
        }
        return new Replay(new ArrayList<>(live.values()), new ArrayList<>(holes.values()), records, size - pos);
    }

    private static int readFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        int total = 0;
        while (b.hasRemaining()) {
            int n = ch.read(b, at + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    private static boolean apply(ByteBuffer p, Map<PortMapping.Key, PortMapping> live, Map<Integer, Pinhole> holes) {
        try {
            byte type = p.get();
            if (type == ADD) {
                PortMapping m = decodeMapping(p);
                live.remove(m.key());
                live.put(m.key(), m);
                return true;
            }
            if (type == DELETE) {
                live.remove(decodeKey(p));
                return true;
            }
            if (type == PINHOLE_ADD) {
                Pinhole h = decodePinhole(p);
                holes.remove(h.id());
                holes.put(h.id(), h);
                return true;
            }
            if (type == PINHOLE_DELETE) {
                holes.remove(Short.toUnsignedInt(p.getShort()));
                return true;
            }
            return false;
        } catch (RuntimeException | UnknownHostException e) {
            // A record that passed its CRC but does not decode was written by something else: stop replay there.
            return false;
        }
    }

    /** Records an added or replaced mapping and forces it to the device. */
    public void append(PortMapping m) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(MAX_RECORD_BYTES);
        b.put(ADD);
        encodeMapping(b, m);
        write(b);
    }

    /** Records a removed mapping and forces it to the device. */
    public void appendDelete(PortMapping.Key k) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(MAX_RECORD_BYTES);
        b.put(DELETE);
        encodeKey(b, k);
        write(b);
    }

    /** Records an added pinhole or a new lease of one, and forces it to the device. */
    public void appendPinhole(Pinhole h) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(MAX_RECORD_BYTES);
        b.put(PINHOLE_ADD);
        encodePinhole(b, h);
        write(b);
    }

    /** Records a removed pinhole and forces it to the device. */
    public void appendPinholeDelete(int id) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(MAX_RECORD_BYTES);
        b.put(PINHOLE_DELETE);
        b.putShort((short) id);
        write(b);
    }

    private void write(ByteBuffer payload) throws IOException {
        payload.flip();
        int len = payload.remaining();
        ByteBuffer rec = ByteBuffer.allocate(8 + len);
        rec.putInt(len).putInt(crc(payload.array(), len)).put(payload);
        rec.flip();
        long start = channel.position();
        try {
            while (rec.hasRemaining()) {
                channel.write(rec);
            }
            channel.force(false);
        } catch (IOException e) {
            // Leave no partial record behind a failed append, so the next append starts on a record boundary.
            try {
                channel.truncate(start);
                channel.position(start);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        recordsSinceCompaction++;
    }

    /** Whether the journal holds many more records than live entries (mappings and pinholes). */
    public boolean compactionDue(int liveEntries) {
        return recordsSinceCompaction > Math.max(1000, 2L * liveEntries);
    }

    /**
     * Rewrites the journal as the given live mappings and pinholes (atomic rename; the old journal stays until
     * then).
     */
    public void compact(Collection<PortMapping> live, Collection<Pinhole> livePinholes) throws IOException {
        Path tmp = dir.resolve(FILE_NAME + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (PortMapping m : live) {
                ByteBuffer p = ByteBuffer.allocate(MAX_RECORD_BYTES);
                p.put(ADD);
                encodeMapping(p, m);
                writeRecord(out, p);
            }
            for (Pinhole h : livePinholes) {
                ByteBuffer p = ByteBuffer.allocate(MAX_RECORD_BYTES);
                p.put(PINHOLE_ADD);
                encodePinhole(p, h);
                writeRecord(out, p);
            }
            out.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some file systems cannot sync a directory; the rename is still atomic there.
        }
        channel.close();
        channel = FileChannel.open(file, StandardOpenOption.WRITE);
        channel.position(channel.size());
        recordsSinceCompaction = live.size() + livePinholes.size();
    }

    private static void writeRecord(FileChannel out, ByteBuffer p) throws IOException {
        p.flip();
        int len = p.remaining();
        ByteBuffer rec = ByteBuffer.allocate(8 + len);
        rec.putInt(len).putInt(crc(p.array(), len)).put(p);
        rec.flip();
        while (rec.hasRemaining()) {
            out.write(rec);
        }
    }

    /** The journal file. */
    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static int crc(byte[] data, int len) {
        CRC32 c = new CRC32();
        c.update(data, 0, len);
        return (int) c.getValue();
    }

    private static void encodeKey(ByteBuffer b, PortMapping.Key k) {
        putString(b, k.remoteHost());
        b.putShort((short) k.externalPort());
        b.put((byte) k.protocol().ordinal());
    }

    private static PortMapping.Key decodeKey(ByteBuffer b) {
        String remote = getString(b);
        int ext = Short.toUnsignedInt(b.getShort());
        Protocol proto = Protocol.values()[b.get()];
        return new PortMapping.Key(remote, ext, proto);
    }

    private static void encodeMapping(ByteBuffer b, PortMapping m) {
        encodeKey(b, m.key());
        b.putShort((short) m.internalPort());
        b.put(m.internalClient().getAddress());
        b.put((byte) (m.enabled() ? 1 : 0));
        b.putLong(m.expiresAt().getEpochSecond());
        putString(b, m.description());
    }

    private static PortMapping decodeMapping(ByteBuffer b) throws UnknownHostException {
        PortMapping.Key k = decodeKey(b);
        int internalPort = Short.toUnsignedInt(b.getShort());
        byte[] addr = new byte[4];
        b.get(addr);
        boolean enabled = b.get() == 1;
        long expires = b.getLong();
        String description = getString(b);
        Instant at = expires == PortMapping.PERMANENT.getEpochSecond() ? PortMapping.PERMANENT
                : Instant.ofEpochSecond(expires);
        return new PortMapping(k.remoteHost(), k.externalPort(), k.protocol(), internalPort,
                (Inet4Address) InetAddress.getByAddress(addr), enabled, description, at);
    }

    private static void encodePinhole(ByteBuffer b, Pinhole h) {
        b.putShort((short) h.id());
        putString(b, h.remoteHost());
        b.putShort((short) h.remotePort());
        b.put(h.internalClient().getAddress());
        b.putShort((short) h.internalPort());
        b.putShort((short) h.protocol());
        b.putLong(h.expires().getEpochSecond());
    }

    private static Pinhole decodePinhole(ByteBuffer b) throws UnknownHostException {
        int id = Short.toUnsignedInt(b.getShort());
        String remote = getString(b);
        int remotePort = Short.toUnsignedInt(b.getShort());
        byte[] addr = new byte[16];
        b.get(addr);
        int internalPort = Short.toUnsignedInt(b.getShort());
        int protocol = Short.toUnsignedInt(b.getShort());
        Instant expires = Instant.ofEpochSecond(b.getLong());
        // getByAddress on 16 bytes gives an Inet6Address, except for IPv4-mapped ones, which fail the cast and
        // stop replay like any record that does not decode.
        return new Pinhole(id, remote, remotePort, (Inet6Address) InetAddress.getByAddress(addr), internalPort,
                protocol, expires);
    }

    private static void putString(ByteBuffer b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        b.putShort((short) bytes.length);
        b.put(bytes);
    }

    private static String getString(ByteBuffer b) {
        int len = Short.toUnsignedInt(b.getShort());
        byte[] bytes = new byte[len];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
