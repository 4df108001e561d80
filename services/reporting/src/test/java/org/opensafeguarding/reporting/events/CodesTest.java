package org.opensafeguarding.reporting.events;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Each hand-written check answers exactly as the regular expression it replaced. */
class CodesTest {

    private static final String ALPHABET = "aAzZ09f_.:-+ \n\u00e9/x";

    @Test
    void codeIsTheCodeExpression() {
        same(Codes::isCode, "^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$", 70);
    }

    @Test
    void pseudonymIsTheHexExpression() {
        same(Codes::isPseudonym, "^[0-9a-f]{64}$", 70);
        assertThat(Codes.isPseudonym("ab".repeat(32))).isTrue();
        assertThat(Codes.isCode("ab".repeat(32))).as("a pseudonym is a code").isTrue();
    }

    @Test
    void eventIdIsTheIdExpression() {
        same(Codes::isEventId, "^[A-Za-z0-9._:-]{1,200}$", 210);
    }

    @Test
    void sequenceIsTheDigitsExpression() {
        same(Codes::isSequence, "^[1-9][0-9]{0,18}$", 22);
        assertThat(Codes.isSequence("9223372036854775807")).isTrue();
        assertThat(Codes.isSequence("01")).isFalse();
    }

    @Test
    void ageBandIsTheBandExpression() {
        same(Codes::isAgeBand, "^[0-9a-z+-]{1,16}$", 20);
        assertThat(Codes.isAgeBand("10-14y")).isTrue();
    }

    private static void same(Predicate<String> check, String regex, int maxLength) {
        Pattern pattern = Pattern.compile(regex);
        Random random = new Random(7);
        List<String> inputs = new ArrayList<>(List.of("", "a", "a\n", "\na", "-a", "a-", "A".repeat(64),
                "A".repeat(65), "1".repeat(19), "1".repeat(20), "0".repeat(64), "f".repeat(64), "F".repeat(64),
                "1".repeat(200), "1".repeat(201)));
        for (int i = 0; i < 20_000; i++) {
            // mostly allowed characters, so long valid strings and near misses both occur
            int length = random.nextInt(maxLength + 1);
            StringBuilder s = new StringBuilder();
            for (int k = 0; k < length; k++) {
                s.append(random.nextInt(40) == 0 ? ALPHABET.charAt(random.nextInt(ALPHABET.length()))
                        : ALPHABET.charAt(random.nextInt(11)));
            }
            inputs.add(s.toString());
        }
        int matched = 0;
        for (String input : inputs) {
            boolean expected = pattern.matcher(input).matches();
            assertThat(check.test(input)).as("%s on \"%s\"", regex, input).isEqualTo(expected);
            matched += expected ? 1 : 0;
        }
        assertThat(matched).as("some inputs match").isPositive();
    }
}
