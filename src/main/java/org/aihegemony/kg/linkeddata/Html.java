package org.aihegemony.kg.linkeddata;

/** A small HTML builder: every text and attribute value goes through {@link #esc}. */
public final class Html {
    private final StringBuilder sb = new StringBuilder(8192);

    public static String esc(String s) {
        if (s == null)
            return "";
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Appends markup written by this program (never data). */
    public Html raw(String markup) {
        sb.append(markup);
        return this;
    }

    /** Appends text, escaped. */
    public Html text(String text) {
        sb.append(esc(text));
        return this;
    }

    /** {@code <tag>text</tag>}, the text escaped. */
    public Html el(String tag, String text) {
        sb.append('<').append(tag).append('>').append(esc(text)).append("</").append(tag.split(" ")[0]).append('>');
        return this;
    }

    public Html link(String href, String text) {
        sb.append("<a href=\"").append(esc(href)).append("\">").append(esc(text)).append("</a>");
        return this;
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
