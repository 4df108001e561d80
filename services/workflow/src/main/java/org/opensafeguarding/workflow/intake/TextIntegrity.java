package org.opensafeguarding.workflow.intake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import org.opensafeguarding.workflow.intake.ReferralValidator.Violation;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Text a referral may carry: strict UTF-8 on the wire, and no character in any string that PostgreSQL cannot store
 * (NUL), that no person typed (C0 and C1 controls, DEL) or that is half a character (a lone surrogate from a
 * {@code \ud800} escape). Jackson alone would accept overlong and surrogate-encoded UTF-8 and store something other
 * than what was sent, and a NUL reaching the database fails the insert on every retry.
 */
final class TextIntegrity {

    static final String UTF_8 = "utf-8";
    static final String CONTROL_CHARACTER = "control-character";
    static final String UNPAIRED_SURROGATE = "unpaired-surrogate";

    private TextIntegrity() {
    }

    /** @throws ReferralRejectedException {@code invalid-json}, rule {@code utf-8}, naming the field and byte offset */
    static void requireStrictUtf8(byte[] raw) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(raw);
        CharBuffer out = CharBuffer.allocate(Math.min(raw.length, 8192) + 1);
        CoderResult result;
        do {
            // only the verdict matters, not the text: the buffer is reused
            out.clear();
            result = decoder.decode(in, out, true);
            if (result.isError()) {
                int at = in.position();
                String pointer = pointerAt(raw, at);
                throw new ReferralRejectedException(RejectionReason.INVALID_JSON, pointer, UTF_8,
                        (pointer.isEmpty() ? "" : pointer + ": ") + "the record is not valid UTF-8: a malformed,"
                                + " overlong, surrogate or truncated sequence at byte " + at);
            }
        } while (result.isOverflow());
    }

    /**
     * The JSON pointer of the value (or, for a member name, its object) that holds byte {@code offset}, read with a
     * plain streaming parser, which is lenient enough to get that far; "" when it cannot tell.
     */
    static String pointerAt(byte[] raw, int offset) {
        try (JsonParser parser = LOCATOR.createParser(raw)) {
            while (true) {
                JsonToken token;
                try {
                    token = parser.nextToken();
                    if (token == JsonToken.VALUE_STRING) {
                        parser.getText(); // strings are decoded lazily: this moves the location past it
                    }
                } catch (IOException e) {
                    // it stumbled on the bad bytes themselves, inside the current value
                    return pointer(parser, parser.currentToken() == JsonToken.FIELD_NAME);
                }
                if (token == null) {
                    return "";
                }
                if (parser.currentLocation().getByteOffset() > offset) {
                    return pointer(parser, token == JsonToken.FIELD_NAME);
                }
            }
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String pointer(JsonParser parser, boolean memberName) {
        JsonStreamContext context = parser.getParsingContext();
        if (memberName && context.getParent() != null) {
            context = context.getParent();
        }
        return context.pathAsPointer().toString();
    }

    private static final JsonFactory LOCATOR = JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();

    /** Every string value and member name in the tree, envelope included; pointers into the CloudEvent. */
    static List<Violation> violations(JsonNode envelope) {
        List<Violation> out = new ArrayList<>();
        walk(envelope, "", out);
        return out;
    }

    private static void walk(JsonNode node, String pointer, List<Violation> out) {
        if (node.isTextual()) {
            check(node.textValue(), pointer, "", out);
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                String child = pointer + "/" + member.getKey().replace("~", "~0").replace("/", "~1");
                // a bad name is reported on its parent: the name itself is what cannot be repeated
                if (check(member.getKey(), pointer, "a member name ", out)) {
                    walk(member.getValue(), child, out);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), pointer + "/" + i, out);
            }
        }
    }

    /** @return true when the text is clean */
    private static boolean check(String text, String pointer, String what, List<Violation> out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
                continue;
            }
            if (Character.isSurrogate(c)) {
                out.add(new Violation(pointer, UNPAIRED_SURROGATE, where(pointer) + what
                        + "contains half of a UTF-16 surrogate pair (a lone \\uD800-\\uDFFF escape) at character " + i));
                return false;
            }
            if (isControl(c)) {
                out.add(new Violation(pointer, CONTROL_CHARACTER, where(pointer) + what
                        + "contains a control character (U+" + String.format("%04X", (int) c) + ") at character " + i
                        + "; only tab, line feed and carriage return are allowed"));
                return false;
            }
        }
        return true;
    }

    /** C0 except TAB, LF, CR; DEL; C1. NUL is a C0 control. */
    static boolean isControl(char c) {
        return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c <= 0x9F);
    }

    private static String where(String pointer) {
        return pointer.isEmpty() ? "" : pointer + ": ";
    }
}
