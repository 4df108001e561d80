package org.opensafeguarding.platform.http;

import jakarta.servlet.DispatcherType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.DispatcherServlet;

/** Every error answer of a servlet service is problem JSON: MVC's refusals, unexpected failures, the error page. */
@AutoConfiguration(before = ErrorMvcAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
public class HttpProblemsAutoConfiguration {

    @Bean
    HttpProblemHandler httpProblemHandler() {
        return new HttpProblemHandler();
    }

    @Bean
    FilterRegistrationBean<EmptyErrorBodyFilter> emptyErrorBodyFilter() {
        FilterRegistrationBean<EmptyErrorBodyFilter> registration = new FilterRegistrationBean<>(new EmptyErrorBodyFilter());
        registration.setName("emptyErrorBodyFilter");
        registration.setOrder(EmptyErrorBodyFilter.ORDER);
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        return registration;
    }

    @Bean
    @ConditionalOnMissingBean(ErrorController.class)
    ProblemErrorController problemErrorController() {
        return new ProblemErrorController();
    }
}
