package hudson.model;

// stubcheck:consume-only
public class Api {
    public Api(Object bean) {
        throw new UnsupportedOperationException();
    }
}
