package org.portcullis.upnp.igd.internal.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.portcullis.upnp.igd.PortMapping;
import org.portcullis.upnp.igd.Protocol;
import org.portcullis.upnp.igd.internal.pinhole.Pinhole;

class MappingJournalTest {
    @TempDir
    Path dir;

    private static PortMapping mapping(int port, String description) throws IOException {
        return new PortMapping(port % 2 == 0 ? "" : "198.51.100.7", port, port % 3 == 0 ? Protocol.UDP : Protocol.TCP,
                8080, (Inet4Address) InetAddress.getByName("192.168.77.2"), port % 5 != 0, description,
                Instant.ofEpochSecond(1_800_000_000L + port));
    }

    @Test
    void replayAppliesAddsAndDeletesInOrder() throws IOException {
        try (MappingJournal j = MappingJournal.open(dir).journal()) {
            j.append(mapping(20000, "a"));
            j.append(mapping(20001, "b ü <&>"));
            j.append(mapping(20000, "a renewed"));
            j.appendDelete(mapping(20001, "").key());
            j.append(mapping(20002, "c"));
            j.append(new PortMapping("", 20003, Protocol.TCP, 1, (Inet4Address) InetAddress.getByName("10.0.0.1"),
                    true, "static", PortMapping.PERMANENT));
        }
        MappingJournal.Opened o = MappingJournal.open(dir);
        o.journal().close();
        assertThat(o.replay().torn()).isFalse();
        assertThat(o.replay().records()).isEqualTo(6);
        assertThat(o.replay().mappings()).extracting(PortMapping::description)
                .containsExactly("a renewed", "c", "static");
        assertThat(o.replay().mappings().get(2).isPermanent()).isTrue();
        assertThat(o.replay().mappings().get(0)).isEqualTo(mapping(20000, "a renewed"));
    }

    @Test
    void aTornLastRecordIsReportedCutOffAndLaterAppendsWork() throws IOException {
        try (MappingJournal j = MappingJournal.open(dir).journal()) {
            j.append(mapping(20000, "a"));
            j.append(mapping(20002, "b"));
        }
        Path file = dir.resolve(MappingJournal.FILE_NAME);
        long full = Files.size(file);
        for (long cut = full - 1; cut > full - 20; cut -= 7) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(cut);
            }
            MappingJournal.Opened o = MappingJournal.open(dir);
            assertThat(o.replay().torn()).isTrue();
            assertThat(o.replay().mappings()).extracting(PortMapping::description).containsExactly("a");
            o.journal().append(mapping(20002, "b"));
            o.journal().close();
            assertThat(Files.size(file)).isEqualTo(full);
        }
    }

    @Test
    void aCorruptRecordStopsReplayThere() throws IOException {
        try (MappingJournal j = MappingJournal.open(dir).journal()) {
            j.append(mapping(20000, "a"));
            j.append(mapping(20002, "b"));
        }
        Path file = dir.resolve(MappingJournal.FILE_NAME);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 3] ^= 0x55;
        Files.write(file, bytes);
        MappingJournal.Opened o = MappingJournal.open(dir);
        o.journal().close();
        assertThat(o.replay().torn()).isTrue();
        assertThat(o.replay().mappings()).extracting(PortMapping::description).containsExactly("a");
    }

    @Test
    void compactionKeepsOnlyLiveMappings() throws IOException {
        List<PortMapping> live = new ArrayList<>();
        try (MappingJournal j = MappingJournal.open(dir).journal()) {
            for (int i = 0; i < 1500; i++) {
                PortMapping m = mapping(20000 + (i % 10), "n" + i);
                j.append(m);
            }
            for (int i = 1490; i < 1500; i++) {
                live.add(mapping(20000 + (i % 10), "n" + i));
            }
            assertThat(j.compactionDue(live.size())).isTrue();
            long before = Files.size(j.file());
            j.compact(live, List.of());
            assertThat(Files.size(j.file())).isLessThan(before / 50);
            assertThat(j.compactionDue(live.size())).isFalse();
            j.append(mapping(30000, "after"));
        }
        MappingJournal.Opened o = MappingJournal.open(dir);
        o.journal().close();
        assertThat(o.replay().mappings()).hasSize(11).last().extracting(PortMapping::description).isEqualTo("after");
    }

    @Test
    void anUnusableStateDirectoryIsAnIoError() throws IOException {
        Path notDir = dir.resolve("file");
        Files.writeString(notDir, "x");
        assertThatThrownBy(() -> MappingJournal.open(notDir)).isInstanceOf(IOException.class);
        Path locked = dir.resolve("locked");
        Files.createDirectory(locked, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("---------")));
        if (!Files.isWritable(locked)) { // root may write anyway
            assertThatThrownBy(() -> MappingJournal.open(locked)).isInstanceOf(IOException.class);
        }
        Path unreadableJournal = dir.resolve("j");
        Files.createDirectories(unreadableJournal.resolve(MappingJournal.FILE_NAME)); // a directory where the file goes
        assertThatThrownBy(() -> MappingJournal.open(unreadableJournal)).isInstanceOf(IOException.class);
    }

    private static Pinhole pinhole(int id, String remote, long expires) throws IOException {
        return new Pinhole(id, remote, remote.isEmpty() ? 0 : 443,
                (java.net.Inet6Address) InetAddress.getByName("fd77::2"), 8080 + id, id % 2 == 0 ? 17 : 6,
                Instant.ofEpochSecond(expires));
    }

    @Test
    void pinholesReplayBesideMappingsAndSurviveCompaction() throws IOException {
        try (MappingJournal j = MappingJournal.open(dir).journal()) {
            j.append(mapping(20000, "a"));
            j.appendPinhole(pinhole(1, "", 1_800_000_100L));
            j.appendPinhole(pinhole(2, "2001:db8:0:0:0:0:0:7", 1_800_000_200L));
            j.appendPinhole(pinhole(1, "", 1_800_000_900L)); // a new lease
            j.appendPinhole(pinhole(3, "", 1_800_000_300L));
            j.appendPinholeDelete(2);
        }
        MappingJournal.Opened o = MappingJournal.open(dir);
        assertThat(o.replay().records()).isEqualTo(6);
        assertThat(o.replay().mappings()).extracting(PortMapping::description).containsExactly("a");
        assertThat(o.replay().pinholes()).containsExactly(pinhole(1, "", 1_800_000_900L),
                pinhole(3, "", 1_800_000_300L));
        o.journal().compact(o.replay().mappings(), o.replay().pinholes());
        o.journal().close();
        MappingJournal.Opened again = MappingJournal.open(dir);
        again.journal().close();
        assertThat(again.replay().records()).isEqualTo(3);
        assertThat(again.replay().pinholes()).isEqualTo(o.replay().pinholes());
        assertThat(again.replay().mappings()).isEqualTo(o.replay().mappings());
    }

    @Test
    void aJournalOfMappingsOnlyLoadsWithNoPinholes() throws IOException {
        // The records of a journal written before pinholes were journaled: 'A' and 'D' only, byte for byte.
        Path file = dir.resolve(MappingJournal.FILE_NAME);
        Files.write(file, java.util.HexFormat.of().parseHex(OLD_JOURNAL_HEX));
        MappingJournal.Opened o = MappingJournal.open(dir);
        o.journal().close();
        assertThat(o.replay().torn()).isFalse();
        assertThat(o.replay().pinholes()).isEmpty();
        assertThat(o.replay().mappings()).containsExactly(mapping(20002, "c"));
    }

    /**
     * Written by the journal as it was before pinholes (commit 6a75af3): append(mapping(20000, "a")),
     * append(mapping(20002, "c")), appendDelete(mapping(20000, "").key()).
     */
    private static final String OLD_JOURNAL_HEX = "00000018c49314f04100004e20001f90c0a84d0200000000006b4a2020000161"
            + "00000018d1ff87b44100004e22001f90c0a84d0201000000006b4a202200016300000006ca8b6db14400004e2000";
}
