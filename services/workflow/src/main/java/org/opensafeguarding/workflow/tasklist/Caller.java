package org.opensafeguarding.workflow.tasklist;

import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who is calling the tasklist API: a user id and the candidate groups (docs/processes.md §1.8) the user belongs to.
 * The user id goes to the engine as a task's assignee and into the audit log, so it must be a staff identifier,
 * never a name with spaces or an e-mail address of a member of the public.
 */
public record Caller(String userId, Set<String> groups) {

    private static final Pattern USER_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$");
    private static final Pattern GROUP = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$");

    public Caller {
        Objects.requireNonNull(userId, "userId");
        if (!USER_ID.matcher(userId).matches()) {
            throw new IllegalArgumentException("user id must be 1-100 letters, digits or . _ @ -");
        }
        groups = Set.copyOf(groups);
        for (String group : groups) {
            if (!GROUP.matcher(group).matches()) {
                throw new IllegalArgumentException("group names must be codes (letters, digits, _ . : -)");
            }
        }
    }

    /** The actor written to the audit log. */
    public String actor() {
        return "user:" + userId;
    }

    public boolean memberOfAny(Collection<String> candidateGroups) {
        return candidateGroups.stream().anyMatch(groups::contains);
    }
}
