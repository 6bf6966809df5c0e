package hudson;

import java.util.Map;
import java.util.TreeMap;

public class EnvVars extends TreeMap<String, String> {
    public EnvVars() {
        throw new UnsupportedOperationException();
    }

    public EnvVars(Map<String, String> m) {
        throw new UnsupportedOperationException();
    }

    public EnvVars(String... keyValuePairs) {
        throw new UnsupportedOperationException();
    }

    public void override(String key, String value) {
        throw new UnsupportedOperationException();
    }

    public EnvVars overrideAll(Map<String, String> all) {
        throw new UnsupportedOperationException();
    }

    public String expand(String s) {
        throw new UnsupportedOperationException();
    }
}
