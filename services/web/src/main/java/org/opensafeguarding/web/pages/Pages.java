package org.opensafeguarding.web.pages;

import org.opensafeguarding.web.api.ApiAnswer;
import org.springframework.ui.Model;

/** How a page says a service refused or could not answer: the status, in words, never the raw body. */
final class Pages {

    private Pages() {
    }

    static String refused(Model model, ApiAnswer answer, String what) {
        model.addAttribute("status", answer.status());
        model.addAttribute("what", what);
        model.addAttribute("message", switch (answer.status()) {
            case 403, 404 -> "There is no " + what + " here that you can open. It may belong to another team or "
                    + "partnership, or the address may be wrong.";
            case 401 -> "Your sign-in has ended. Sign in again.";
            case 503 -> "The service is not available just now. Try again in a minute.";
            default -> answer.problemMessage();
        });
        return "refused";
    }
}
