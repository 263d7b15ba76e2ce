package org.aihegemony.kg;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The application's version, as the build recorded it in {@code aihegemony-kg.properties}. */
public final class Version {
    private static final String VERSION = read();

    private Version() {}

    public static String current() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = Version.class.getResourceAsStream("/aihegemony-kg.properties")) {
            Properties p = new Properties();
            if (in != null)
                p.load(in);
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
