package org.aihegemony.kg.query;

/**
 * A query kept as a file under {@code queries/}.
 *
 * @param name the file name without {@code .rq} (kebab-case), used in URLs and on the command line
 * @param path the file's path relative to the sources root
 * @param text the query text, header comments included
 */
public record SavedQuery(String name, String path, String text) { }
