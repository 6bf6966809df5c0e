package io.jenkins.plugins.pythonmirror;

import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A request authenticated with a per-build token; the root action recognises it by type, never by name. */
public final class BuildTokenAuthentication extends UsernamePasswordAuthenticationToken {

    private static final long serialVersionUID = 1L;

    private final boolean mayPublish;
    private final String session;

    BuildTokenAuthentication(String username, boolean mayPublish, String session) {
        super(username, "", List.of(new SimpleGrantedAuthority("authenticated")));
        this.mayPublish = mayPublish;
        this.session = session;
    }

    public boolean mayPublish() {
        return mayPublish;
    }

    /** The recording the token's requests belong to (the build's dependency report), or null. */
    public String session() {
        return session;
    }
}
