package org.portcullis.upnp.ssdp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private final AtomicLong now = new AtomicLong();

    @Test
    void perSourceBurstThenRefill() throws Exception {
        RateLimiter l = RateLimiter.perSource(10, 20, 16, now::get);
        InetAddress a = InetAddress.getByName("192.168.1.10");
        InetAddress b = InetAddress.getByName("192.168.1.11");
        for (int i = 0; i < 20; i++) {
            assertThat(l.tryTake(a, 1)).isTrue();
        }
        assertThat(l.tryTake(a, 1)).isFalse();
        assertThat(l.tryTake(b, 1)).isTrue();
        now.addAndGet(100_000_000L); // 0.1 s: one token
        assertThat(l.tryTake(a, 1)).isTrue();
        assertThat(l.tryTake(a, 1)).isFalse();
        now.addAndGet(60_000_000_000L);
        for (int i = 0; i < 20; i++) {
            assertThat(l.tryTake(a, 1)).isTrue();
        }
        assertThat(l.tryTake(a, 1)).isFalse();
    }

    @Test
    void globalTakesSeveralTokens() {
        RateLimiter l = RateLimiter.global(100, 200, now::get);
        assertThat(l.tryTake(null, 150)).isTrue();
        assertThat(l.tryTake(null, 51)).isFalse();
        assertThat(l.tryTake(null, 50)).isTrue();
        now.addAndGet(1_000_000_000L);
        assertThat(l.tryTake(null, 100)).isTrue();
        assertThat(l.tryTake(null, 1)).isFalse();
    }

    @Test
    void trackedSourcesAreBounded() throws Exception {
        RateLimiter l = RateLimiter.perSource(1, 1, 2, now::get);
        InetAddress a = InetAddress.getByName("10.0.0.1");
        assertThat(l.tryTake(a, 1)).isTrue();
        assertThat(l.tryTake(a, 1)).isFalse();
        l.tryTake(InetAddress.getByName("10.0.0.2"), 1);
        l.tryTake(InetAddress.getByName("10.0.0.3"), 1); // evicts 10.0.0.1
        assertThat(l.tryTake(a, 1)).isTrue();
    }
}
