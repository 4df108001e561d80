package org.opensafeguarding.engine.rest;

import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/** Puts {@link FutureAnswers} ahead of Spring MVC's own handling of returned futures, with its filter outermost. */
@Configuration(proxyBeanMethods = false)
class FutureAnswersConfiguration {

    @Bean
    FilterRegistrationBean<FutureAnswers.ReleaseFilter> futureAnswersRelease() {
        FilterRegistrationBean<FutureAnswers.ReleaseFilter> registration =
                new FilterRegistrationBean<>(new FutureAnswers.ReleaseFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** Custom handlers would come after Spring's, which takes every future: this one must be asked first. */
    @Bean
    SmartInitializingSingleton futureAnswersFirst(RequestMappingHandlerAdapter requestMappingHandlerAdapter,
                                                  ProblemHandler problems, WebMvcProperties mvc) {
        return () -> {
            List<HandlerMethodReturnValueHandler> handlers = new ArrayList<>();
            handlers.add(new FutureAnswers(requestMappingHandlerAdapter.getMessageConverters(), problems,
                    mvc.getAsync().getRequestTimeout()));
            handlers.addAll(requestMappingHandlerAdapter.getReturnValueHandlers());
            requestMappingHandlerAdapter.setReturnValueHandlers(handlers);
        };
    }
}
