package dev.meshbone.governance.pii;

import dev.meshbone.schemas.PiiTags;

/**
 * Personal data found where no category covers it. Holds the field path and category, never the value.
 *
 * @param notPersonalAt the field whose {@code "pii": "NONE"} declared it not personal; null when untagged
 */
public record UntaggedPii(String fieldPath, PiiDetectors.Finding finding, String notPersonalAt) {

    /** The violation message: where, what it looks like, what the schema declares, what to do. Never the value. */
    public String message() {
        String category = finding.category();
        String looks = "holds what looks like " + category + " data (" + finding.detector() + " detector)";
        String allow = "allow the category with \"" + PiiTags.ALLOW_PROPERTY + "\": [\"" + category
                + "\"] if it is not personal";
        if (notPersonalAt == null) {
            return "field '" + fieldPath + "' " + looks + " but its schema field carries no pii tag; tag it \""
                    + PiiTags.PROPERTY + "\": \"" + category + "\", or " + allow;
        }
        // Items and values ("lines[]", "labels{}") are their field's own strings.
        boolean own = fieldPath.replaceAll("(\\[]|\\{})+$", "").equals(notPersonalAt);
        String declared = own ? "field '" + fieldPath + "' is tagged"
                : "field '" + fieldPath + "' is inside '" + notPersonalAt + "', tagged";
        return declared + " \"" + PiiTags.PROPERTY + "\": \"" + PiiTags.NOT_PERSONAL + "\" (declared not "
                + "personal) but " + looks + "; tag it with its category (\"" + PiiTags.PROPERTY + "\": \""
                + category + "\"), or " + allow;
    }
}
