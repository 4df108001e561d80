package org.opensafeguarding.platform.http;

import jakarta.servlet.DispatcherType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Size and nesting limits on every request body of a servlet service ({@code safeguarding.http.*}); the refusals are
 * problem JSON like the rest ({@link HttpProblemsAutoConfiguration}).
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(OncePerRequestFilter.class)
@EnableConfigurationProperties(RequestLimitsProperties.class)
public class RequestLimitsAutoConfiguration {

    @Bean
    FilterRegistrationBean<RequestLimitsFilter> requestLimitsFilter(RequestLimitsProperties properties) {
        FilterRegistrationBean<RequestLimitsFilter> registration =
                new FilterRegistrationBean<>(new RequestLimitsFilter(properties));
        registration.setName("requestLimitsFilter");
        registration.setOrder(RequestLimitsFilter.ORDER);
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        return registration;
    }
}
