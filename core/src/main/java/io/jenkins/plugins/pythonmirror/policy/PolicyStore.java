package io.jenkins.plugins.pythonmirror.policy;

import java.io.IOException;

/**
 * Where a host keeps the release policy that {@code PUT api/policy} sets: the standalone server's policy file, the
 * Jenkins global configuration. Without one, a new policy lasts until the engine stops.
 */
@FunctionalInterface
public interface PolicyStore {

    /** Keeps nothing: the policy lives in memory only. */
    PolicyStore IN_MEMORY = policy -> {};

    /** Keeps {@code policy}; throwing leaves the engine's policy as it was. */
    void save(ReleasePolicy policy) throws IOException;
}
