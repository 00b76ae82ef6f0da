package org.hoverla.sim.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShardTest {
    @Test
    void shouldPartitionEveryMatrixIntoDisjointShardsWhoseUnionIsAllRuns() {
        // Given matrices of 0..60 runs cut into 1..9 shards
        for (int total = 0; total <= 60; total++) {
            for (int n = 1; n <= 9; n++) {
                BitSet seen = new BitSet();
                int covered = 0;
                for (int i = 0; i < n; i++) {
                    Shard s = new Shard(i, n);
                    int inShard = 0;
                    for (int run = 0; run < total; run++) {
                        if (s.contains(run)) {
                            // Then no run is in two shards
                            assertThat(seen.get(run)).as("run %d in two shards of %d", run, n).isFalse();
                            seen.set(run);
                            inShard++;
                        }
                    }
                    // and a shard's size is what it holds, within one of every other shard's
                    assertThat(s.size(total)).isEqualTo(inShard);
                    assertThat(inShard).isBetween(total / n, total / n + 1);
                    covered += inShard;
                }
                // and together they hold every run
                assertThat(covered).isEqualTo(total);
                assertThat(seen.cardinality()).isEqualTo(total);
            }
        }
    }

    @Test
    void shouldParseZeroBasedShards() throws Exception {
        assertThat(Shard.parse("0/1")).isEqualTo(Shard.ALL);
        assertThat(Shard.parse(" 3 / 4 ")).isEqualTo(new Shard(3, 4));
        assertThat(Shard.parse("2/4").contains(6)).isTrue();
        assertThat(Shard.parse("2/4").contains(7)).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "3/2;I must be 0..1 (0-based) for N = 2",
        "2/2;I must be 0..1 (0-based) for N = 2",
        "-1/2;I must be 0..1",
        "0/0;N must be at least 1",
        "a/2;I and N must be whole numbers",
        "1;expected I/N",
        "1/;expected I/N"})
    void shouldRefuseShardsOutsideTheMatrix(String text, String reason) {
        assertThatThrownBy(() -> Shard.parse(text)).isInstanceOf(CampaignInputException.class)
                .hasMessageStartingWith("--shard '" + text + "'").hasMessageContaining(reason);
    }
}
