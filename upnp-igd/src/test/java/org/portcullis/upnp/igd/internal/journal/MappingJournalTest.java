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
            j.compact(live);
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
}
