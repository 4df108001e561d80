package org.opensafeguarding.workflow.audit;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcClientAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The audit package and what it stands on (PostgreSQL, Flyway, transactions, JSON, Spring MVC), without the rest of
 * the service: no Kafka, engine or security filter, so these tests do not move when those do. The security filter
 * is the access matrix's business; the controller reads the identity it leaves in the security context, which the
 * tests put there themselves.
 *
 * <p>Neither a component nor a (test) configuration on purpose: the service's own component scan in other tests
 * leaves it alone, and a test naming it in {@code @SpringBootTest(classes = ...)} gets it instead of the application.
 */
@ImportAutoConfiguration({DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
        TransactionAutoConfiguration.class, JdbcTemplateAutoConfiguration.class, JdbcClientAutoConfiguration.class,
        FlywayAutoConfiguration.class, JacksonAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
        WebMvcAutoConfiguration.class, DispatcherServletAutoConfiguration.class})
@Import({AuditLog.class, AuditTrail.class, AuditChainVerifier.class, AuditTrailController.class,
        AuditProblemHandler.class})
class AuditTestApplication {

    static final String MIGRATIONS = "spring.flyway.locations=" + AuditTestDatabase.MIGRATIONS;
}
