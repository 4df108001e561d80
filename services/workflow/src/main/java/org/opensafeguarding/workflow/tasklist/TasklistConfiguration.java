package org.opensafeguarding.workflow.tasklist;

import org.opensafeguarding.identity.access.AccessMatrix;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TasklistProperties.class)
class TasklistConfiguration implements WebMvcConfigurer {

    private final CallerIdentity identity;

    TasklistConfiguration(CallerIdentity identity) {
        this.identity = identity;
    }

    @Configuration(proxyBeanMethods = false)
    static class DefaultIdentity {
        @Bean
        @ConditionalOnMissingBean(CallerIdentity.class)
        CallerIdentity tokenCallerIdentity(AccessMatrix matrix) {
            return new TokenCallerIdentity(matrix);
        }
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerArgumentResolver(identity));
    }

    /** Lets controller methods take a {@link Caller}; a request without one is answered 401. */
    static final class CallerArgumentResolver implements HandlerMethodArgumentResolver {

        private final CallerIdentity identity;

        CallerArgumentResolver(CallerIdentity identity) {
            this.identity = identity;
        }

        @Override
        public boolean supportsParameter(MethodParameter parameter) {
            return Caller.class.equals(parameter.getParameterType());
        }

        @Override
        public Caller resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
                                      NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
            HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
            try {
                return identity.identify(request).orElseThrow(() -> new TasklistException.NotAuthenticated(
                        "This API is for people: sign in and send the access token as a bearer token"));
            } catch (IllegalArgumentException e) {
                throw new TasklistException.NotAuthenticated("The caller's identity is not valid: " + e.getMessage());
            }
        }
    }
}
