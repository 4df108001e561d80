package org.opensafeguarding.engine.feel;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.feel.api.EvaluationResult;
import org.camunda.feel.api.FeelEngineApi;
import org.camunda.feel.api.FeelEngineBuilder;
import org.camunda.feel.api.ParseResult;
import org.camunda.feel.syntaxtree.ParsedExpression;
import org.opensafeguarding.engine.clock.EngineClock;
import org.springframework.stereotype.Component;

/**
 * FEEL evaluation as Camunda 8 does it: a property value that starts with '=' is an expression, anything else
 * is a static value. Results are turned into plain JSON-shaped Java values (maps, lists, strings, numbers,
 * booleans), with dates and durations as their ISO strings, because that is how variables are stored.
 */
@Component
public class FeelExpressions {

    private final FeelEngineApi feel;
    private final Map<String, ParsedExpression> parsed = new ConcurrentHashMap<>();

    public FeelExpressions(EngineClock clock) {
        this.feel = FeelEngineBuilder.forJava()
                .withClock(() -> ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .build();
    }

    public static boolean isExpression(String value) {
        return value != null && value.trim().startsWith("=");
    }

    /** Checks syntax only; used at deployment so a broken expression is rejected, not discovered later. */
    public String syntaxError(String value) {
        if (!isExpression(value)) {
            return null;
        }
        ParseResult result = feel.parseExpression(value.trim().substring(1));
        return result.isSuccess() ? null : result.failure().message();
    }

    /** Evaluates an expression ('=' form) or returns the static text as is. */
    public Object evaluate(String value, Map<String, Object> variables, String errorType) {
        if (!isExpression(value)) {
            return value;
        }
        String expression = value.trim().substring(1);
        ParsedExpression compiled = parsed.computeIfAbsent(expression, this::parse);
        if (compiled == null) {
            throw new ExpressionException(errorType, "failed to parse expression '" + expression + "'");
        }
        EvaluationResult result = feel.evaluate(compiled, variables);
        if (result.isFailure()) {
            throw new ExpressionException(errorType,
                    "failed to evaluate expression '" + expression + "': " + result.failure().message());
        }
        return toPlainValue(result.result());
    }

    private ParsedExpression parse(String expression) {
        ParseResult result = feel.parseExpression(expression);
        return result.isSuccess() ? result.parsedExpression() : null;
    }

    public String evaluateString(String value, Map<String, Object> variables, String errorType, String what) {
        Object result = evaluate(value, variables, errorType);
        if (result == null) {
            return null;
        }
        if (result instanceof String s) {
            return s;
        }
        if (result instanceof Number || result instanceof Boolean) {
            return String.valueOf(result);
        }
        throw new ExpressionException(errorType, "expected " + what + " '" + value + "' to be a string, but was "
                + result.getClass().getSimpleName());
    }

    /** Converts FEEL's Java results (BigDecimal, java.time, Java collections) into JSON-shaped values. */
    public static Object toPlainValue(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof BigDecimal decimal) {
            try {
                return decimal.longValueExact();
            } catch (ArithmeticException notWhole) {
                return decimal.doubleValue();
            }
        }
        if (value instanceof BigInteger integer) {
            return integer.longValue();
        }
        if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
            return d.longValue();
        }
        if (value instanceof Number) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> plain = new LinkedHashMap<>();
            map.forEach((k, v) -> plain.put(String.valueOf(k), toPlainValue(v)));
            return plain;
        }
        if (value instanceof Iterable<?> items) {
            List<Object> plain = new ArrayList<>();
            items.forEach(item -> plain.add(toPlainValue(item)));
            return plain;
        }
        if (value instanceof TemporalAccessor || value instanceof java.time.Duration
                || value instanceof java.time.Period) {
            return value.toString();
        }
        return value.toString();
    }
}
