package jenkins.security;

import hudson.ExtensionList;
import hudson.ExtensionPoint;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.Authentication;

public abstract class BasicHeaderAuthenticator implements ExtensionPoint {
    public Authentication authenticate2(
            HttpServletRequest req, HttpServletResponse rsp, String username, String password)
            throws IOException, ServletException {
        throw new UnsupportedOperationException();
    }

    public static ExtensionList<BasicHeaderAuthenticator> all() {
        throw new UnsupportedOperationException();
    }
}
