package org.opensafeguarding.workflow.tasklist;

import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import jakarta.servlet.http.HttpServletRequest;
import org.springdoc.core.customizers.OperationCustomizer;
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

import java.util.Arrays;
import java.util.List;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TasklistProperties.class)
class TasklistConfiguration implements WebMvcConfigurer {

    private final CallerIdentity identity;

    TasklistConfiguration(CallerIdentity identity) {
        this.identity = identity;
    }

    /** Interim identity from headers; a bean of type CallerIdentity (OIDC) replaces it. */
    @Configuration(proxyBeanMethods = false)
    static class DefaultIdentity {
        @Bean
        @ConditionalOnMissingBean(CallerIdentity.class)
        CallerIdentity headerCallerIdentity() {
            return new HeaderCallerIdentity();
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
                        "No user: send the user id in " + HeaderCallerIdentity.USER_HEADER));
            } catch (IllegalArgumentException e) {
                throw new TasklistException.NotAuthenticated("The caller's identity is not valid: " + e.getMessage());
            }
        }
    }

    /**
     * The interim identity headers in the OpenAPI document, on every operation that takes a {@link Caller} (the
     * tasklist's and the case messages'), so a new API cannot forget them.
     */
    @Bean
    OperationCustomizer identityHeaders() {
        return (operation, handler) -> {
            boolean identified = Arrays.stream(handler.getMethodParameters())
                    .anyMatch(p -> p.getParameterType() == Caller.class);
            if (identified) {
                operation.addParametersItem(new HeaderParameter().name(HeaderCallerIdentity.USER_HEADER)
                        .required(true).schema(new StringSchema())
                        .description("Interim identity until OIDC: the caller's user id (staff identifier)"));
                operation.addParametersItem(new HeaderParameter().name(HeaderCallerIdentity.GROUPS_HEADER)
                        .required(false).schema(new StringSchema())
                        .description("Interim identity until OIDC: the caller's candidate groups, comma-separated"));
            }
            return operation;
        };
    }
}
