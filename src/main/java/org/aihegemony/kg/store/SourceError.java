package org.aihegemony.kg.store;

/**
 * A problem in one source file, with its position when the parser knows it.
 *
 * @param path    source path relative to the sources root
 * @param line    1-based line, or -1 when unknown
 * @param column  1-based column, or -1 when unknown
 * @param message the parser's message
 */
public record SourceError(String path, long line, long column, String message) {
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(path);
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0)
                sb.append(':').append(column);
        }
        return sb.append(": ").append(message).toString();
    }
}
