package org.hoverla.core.sched;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TaskTableTest {

    private static final FlightTask NOOP = nowNs -> { };

    @Test
    void shouldKeepRowsInInsertionOrderAndConvertBudgetToNanoseconds() {
        // Given rows in the documented order
        TaskTable table = TaskTable.builder()
                .add("imu", 1000, 150, NOOP)
                .add("rate", 1000, 100, NOOP)
                .add("navigator", 20, 500, NOOP)
                .build();

        // When inspected
        // Then order, rates and budgets are as given and the base rate is the fastest task
        assertThat(table.size()).isEqualTo(3);
        assertThat(table.name(0)).isEqualTo("imu");
        assertThat(table.name(2)).isEqualTo("navigator");
        assertThat(table.rateHz(2)).isEqualTo(20.0);
        assertThat(table.budgetNs(0)).isEqualTo(150_000L);
        assertThat(table.baseRateHz()).isEqualTo(1000.0);
        assertThat(table.indexOf("rate")).isEqualTo(1);
        assertThat(table.indexOf("nope")).isEqualTo(-1);
        assertThat(table.task(1)).isSameAs(NOOP);
    }

    @Test
    void shouldRejectEmptyTable() {
        assertThatThrownBy(() -> TaskTable.builder().build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }

    @Test
    void shouldRejectEmptyOrNullName() {
        assertThatThrownBy(() -> TaskTable.builder().add("", 10, 1, NOOP).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name must be non-empty");
        assertThatThrownBy(() -> TaskTable.builder().add(null, 10, 1, NOOP).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name must be non-empty");
    }

    @Test
    void shouldRejectDuplicateName() {
        assertThatThrownBy(() -> TaskTable.builder().add("imu", 10, 1, NOOP).add("imu", 5, 1, NOOP).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("task #1")
                .hasMessageContaining("duplicate name 'imu'");
    }

    @Test
    void shouldRejectNonPositiveOrNonFiniteRate() {
        for (double bad : new double[] {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> TaskTable.builder().baseRateHz(1000).add("x", bad, 1, NOOP).build())
                    .as("rate %s", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rate must be finite and > 0");
        }
    }

    @Test
    void shouldRejectRateAboveBaseRate() {
        assertThatThrownBy(() -> TaskTable.builder().baseRateHz(500).add("imu", 1000, 1, NOOP).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'imu'")
                .hasMessageContaining("above the base rate");
    }

    @Test
    void shouldRejectBadBaseRate() {
        assertThatThrownBy(() -> TaskTable.builder().baseRateHz(0).add("imu", 1, 1, NOOP).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base rate");
        assertThatThrownBy(() -> TaskTable.builder().add("imu", 2e9, 1, NOOP).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base rate");
    }

    @Test
    void shouldRejectNonPositiveBudget() {
        assertThatThrownBy(() -> TaskTable.builder().add("imu", 10, 0, NOOP).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("budget must be > 0");
        assertThatThrownBy(() -> TaskTable.builder().add("imu", 10, -5, NOOP).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("budget must be > 0");
    }

    @Test
    void shouldRejectNullTask() {
        assertThatThrownBy(() -> TaskTable.builder().add("imu", 10, 1, null).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("task must not be null");
    }
}
