package org.opensafeguarding.reporting.api;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.servlet.config.annotation.ContentNegotiationConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;

@Configuration
public class WebConfiguration implements WebMvcConfigurer {

    @Override
    public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
        converters.add(new CsvTableConverter());
    }

    /** {@code ?format=csv} for links and spreadsheets that cannot set an Accept header. */
    @Override
    public void configureContentNegotiation(ContentNegotiationConfigurer negotiation) {
        negotiation.favorParameter(true).parameterName("format")
                .mediaType("csv", CsvTableConverter.TEXT_CSV)
                .mediaType("json", org.springframework.http.MediaType.APPLICATION_JSON);
    }
}
