package org.opensafeguarding.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** engine.history-retention: on by default, "forever" keeps history, anything else is refused by name. */
class HistoryRetentionSettingTest {

    @Test
    void retentionIsNinetyDaysByDefault() {
        assertThat(new EngineProperties().historyRetention()).contains(Duration.ofDays(90));
    }

    @Test
    void foreverKeepsHistory() {
        EngineProperties properties = new EngineProperties();
        properties.setHistoryRetention("forever");
        assertThat(properties.historyRetention()).isEmpty();
    }

    @Test
    void aValueThatIsNeitherADurationNorForeverIsRefusedNamingTheSetting() {
        EngineProperties properties = new EngineProperties();
        assertThatThrownBy(() -> properties.setHistoryRetention("90 days"))
                .hasMessageContaining("engine.history-retention").hasMessageContaining("forever");
        assertThatThrownBy(() -> properties.setHistoryRetention("PT0S"))
                .hasMessageContaining("engine.history-retention").hasMessageContaining("positive");
        assertThat(properties.historyRetention()).contains(Duration.ofDays(90));
    }
}
