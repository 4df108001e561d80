package org.opensafeguarding.workflow.events;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** Creates the four topics when they are missing; an operator who pre-creates them keeps their settings. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TopicProperties.class)
class TopicConfiguration {

    @Bean
    NewTopic referralTopic(TopicProperties topics) {
        return TopicBuilder.name(topics.referrals()).partitions(topics.partitions()).build();
    }

    @Bean
    NewTopic referralDeadLetterTopic(TopicProperties topics) {
        return TopicBuilder.name(topics.referralsDlt()).partitions(topics.partitions()).build();
    }

    @Bean
    NewTopic referralReceiptTopic(TopicProperties topics) {
        return TopicBuilder.name(topics.referralReceipts()).partitions(topics.partitions()).build();
    }

    @Bean
    NewTopic caseEventTopic(TopicProperties topics) {
        return TopicBuilder.name(topics.caseEvents()).partitions(topics.partitions()).build();
    }
}
