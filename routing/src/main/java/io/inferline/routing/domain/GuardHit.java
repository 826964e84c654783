package io.inferline.routing.domain;

/** A guard rule that matched: its name, kind, action, where it was defined ({@code tenant} or {@code model}), how often. */
public record GuardHit(String rule, String kind, GuardAction action, String scope, int matches) {

    public String describe() {
        return (action == GuardAction.BLOCK ? "blocked" : "redacted") + " by " + scope + " rule '" + rule + "' (" + kind
                + ", " + matches + (matches == 1 ? " match)" : " matches)");
    }
}
