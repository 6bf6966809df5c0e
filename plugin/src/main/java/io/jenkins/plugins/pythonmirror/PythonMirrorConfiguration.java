package io.jenkins.plugins.pythonmirror;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.util.FormValidation;
import hudson.util.Secret;
import io.jenkins.plugins.pythonmirror.config.CronSchedule;
import io.jenkins.plugins.pythonmirror.config.MirrorSettings;
import io.jenkins.plugins.pythonmirror.config.Quantities;
import io.jenkins.plugins.pythonmirror.config.SettingsConverter;
import io.jenkins.plugins.pythonmirror.policy.PolicyText;
import io.jenkins.plugins.pythonmirror.policy.ReleasePolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * Manage Jenkins → System → Python Mirror; JCasC {@code unclassified: pythonMirror:}. Holds plain fields only;
 * {@link #toSettings()} hands them to core's {@link SettingsConverter}.
 */
@Extension
@Symbol("pythonMirror")
public class PythonMirrorConfiguration extends GlobalConfiguration {

    public static final String DEFAULT_PAGE_TTL = "10m";
    public static final String DEFAULT_SYNC_SCHEDULE = "H H(0-5) * * *";
    public static final String DEFAULT_TOKEN_LIFETIME = "24h";
    public static final int DEFAULT_RETAIN_BUILDS = 3;

    private List<UpstreamEntry> upstreams;
    private String dataDir = "";
    private String cacheCap = "";
    private String pageTtl = DEFAULT_PAGE_TTL;
    private boolean offline;
    private boolean anonymousRead = true;
    private String privatePatterns = "";
    private String allowlist = "";
    private String syncSpec = "";
    private String syncSchedule = DEFAULT_SYNC_SCHEDULE;
    private boolean findLinksByDefault;
    private boolean publishByDefault;
    private String tokenLifetime = DEFAULT_TOKEN_LIFETIME;
    private Integer retainBuilds;
    private String minReleaseAge = "";
    private boolean holdUnknownAge;
    private String neverHeld = "";
    private String ageOverrides = "";
    private String blockedReleases = "";
    /** Blank: everything in the data directory; {@code s3://BUCKET/PREFIX}: shared with other controllers. */
    private String storage = "";

    private String s3Endpoint = "";
    private String s3Region = "";
    private boolean s3PathStyle;
    private String s3AccessKeyId = "";
    private Secret s3SecretAccessKey;

    /** Bumped on every save so the engine knows to look at the settings again. */
    private transient volatile long generation;
    /** While a submitted form is bound, setters change fields without saving; see {@link #applyForm}. */
    private transient boolean binding;

    public PythonMirrorConfiguration() {
        load();
    }

    @Override
    public String getDisplayName() {
        return Messages.PythonMirrorConfiguration_DisplayName();
    }

    public static PythonMirrorConfiguration get() {
        return ExtensionList.lookupSingleton(PythonMirrorConfiguration.class);
    }

    @Override
    public synchronized void save() {
        super.save();
        generation++;
    }

    long generation() {
        return generation;
    }

    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        List<String> problems = applyForm(() -> super.configure(req, json));
        if (!problems.isEmpty()) {
            throw new FormException(String.join(" ", problems), "upstreams");
        }
        return true;
    }

    /** Binds a submitted form: {@link #configure} hands in Stapler's binding, tests their own. */
    @FunctionalInterface
    interface FormBinding {
        void bind() throws FormException;
    }

    /**
     * Applies a submitted form all or nothing: the setters it calls do not save, then every value is checked; with
     * problems the previous values come back (nothing was written, the running mirror never saw them) and the
     * problems are returned, otherwise the configuration is saved once.
     */
    synchronized List<String> applyForm(FormBinding form) throws FormException {
        Fields before = new Fields(this);
        binding = true;
        try {
            upstreams = new ArrayList<>(); // an emptied repeatable list is absent from the form
            form.bind();
        } catch (FormException | RuntimeException e) {
            before.restore(this);
            throw e;
        } finally {
            binding = false;
        }
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            before.restore(this);
            return problems;
        }
        save();
        return List.of();
    }

    /** Every problem with the current values, one sentence each from core's checks; empty when they can be used. */
    List<String> problems() {
        List<String> problems = new ArrayList<>(convert().problems());
        SettingsConverter.checkSyncSpec(syncSpec).ifPresent(problems::add);
        try {
            CronSchedule.parse(syncSchedule, MirrorSyncWork.NAME);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        SettingsConverter.checkPositiveDuration(tokenLifetime).ifPresent(problems::add);
        problems.addAll(convertPolicy().problems());
        if (getRetainBuilds() < 0) {
            problems.add(Messages.PythonMirrorConfiguration_RetainBuildsNegative(getRetainBuilds()));
        }
        return problems;
    }

    /** JCasC and scripts set fields one by one and each change is saved; a bound form is saved once at the end. */
    private void changed() {
        if (!binding) {
            save();
        }
    }

    /** The settings the engine opens with; problems are readable sentences from core. */
    public SettingsConverter.Result convert() {
        List<SettingsConverter.UpstreamValues> values = new ArrayList<>();
        for (UpstreamEntry u : getUpstreams()) {
            values.add(u.toValues());
        }
        return SettingsConverter.withStorage(
                SettingsConverter.convert(
                        new SettingsConverter.Values(
                                dataDir, values, cacheCap, pageTtl, offline, anonymousRead, privatePatterns, allowlist),
                        defaultDataDir()),
                new SettingsConverter.StorageValues(
                        storage,
                        s3Endpoint,
                        s3Region,
                        s3PathStyle,
                        s3AccessKeyId,
                        s3SecretAccessKey == null ? null : s3SecretAccessKey.getPlainText()));
    }

    public MirrorSettings toSettings() {
        return convert().orElseThrow();
    }

    /** The release policy the engine applies; problems are readable sentences from core. */
    public PolicyText.Result convertPolicy() {
        return PolicyText.convert(
                new PolicyText.Values(minReleaseAge, holdUnknownAge, neverHeld, ageOverrides, blockedReleases));
    }

    /**
     * Takes over a policy set through {@code PUT python-mirror/api/policy}, so the form, JCasC export and the next
     * start show it; saved once.
     */
    public synchronized void replacePolicy(ReleasePolicy policy) {
        PolicyText.Values v = PolicyText.toValues(policy);
        minReleaseAge = v.minReleaseAge();
        holdUnknownAge = v.holdUnknownAge();
        neverHeld = v.neverHeld();
        ageOverrides = v.ageOverrides();
        blockedReleases = v.blockedReleases();
        save();
    }

    /** {@code $JENKINS_HOME/python-mirror}, used when the data directory field is blank. */
    Path defaultDataDir() {
        return Jenkins.get().getRootDir().toPath().resolve("python-mirror");
    }

    public Duration tokenLifetimeOrDefault() {
        return Optional.ofNullable(tokenLifetime)
                .filter(s -> SettingsConverter.checkPositiveDuration(s).isEmpty() && !s.isBlank())
                .map(Quantities::parseDuration)
                .orElse(Quantities.parseDuration(DEFAULT_TOKEN_LIFETIME));
    }

    public List<UpstreamEntry> getUpstreams() {
        if (upstreams == null) {
            return List.of(new UpstreamEntry(MirrorSettings.DEFAULT_UPSTREAM.toString()));
        }
        return upstreams;
    }

    @DataBoundSetter
    public void setUpstreams(List<UpstreamEntry> upstreams) {
        this.upstreams = upstreams == null ? new ArrayList<>() : new ArrayList<>(upstreams);
        changed();
    }

    public String getStorage() {
        return storage;
    }

    @DataBoundSetter
    public void setStorage(String storage) {
        this.storage = trim(storage);
        changed();
    }

    public String getS3Endpoint() {
        return s3Endpoint;
    }

    @DataBoundSetter
    public void setS3Endpoint(String s3Endpoint) {
        this.s3Endpoint = trim(s3Endpoint);
        changed();
    }

    public String getS3Region() {
        return s3Region;
    }

    @DataBoundSetter
    public void setS3Region(String s3Region) {
        this.s3Region = trim(s3Region);
        changed();
    }

    public boolean isS3PathStyle() {
        return s3PathStyle;
    }

    @DataBoundSetter
    public void setS3PathStyle(boolean s3PathStyle) {
        this.s3PathStyle = s3PathStyle;
        changed();
    }

    public String getS3AccessKeyId() {
        return s3AccessKeyId;
    }

    @DataBoundSetter
    public void setS3AccessKeyId(String s3AccessKeyId) {
        this.s3AccessKeyId = trim(s3AccessKeyId);
        changed();
    }

    public Secret getS3SecretAccessKey() {
        return s3SecretAccessKey;
    }

    @DataBoundSetter
    public void setS3SecretAccessKey(Secret s3SecretAccessKey) {
        this.s3SecretAccessKey = s3SecretAccessKey;
        changed();
    }

    @POST
    public FormValidation doCheckStorage(
            @QueryParameter String value,
            @QueryParameter String s3Endpoint,
            @QueryParameter String s3AccessKeyId,
            @QueryParameter Secret s3SecretAccessKey) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        if (value == null || value.isBlank()) {
            return FormValidation.ok();
        }
        SettingsConverter.Result r = SettingsConverter.withStorage(
                new SettingsConverter.Result(Optional.empty(), List.of()),
                new SettingsConverter.StorageValues(
                        value,
                        s3Endpoint,
                        null,
                        true,
                        s3AccessKeyId,
                        s3SecretAccessKey == null ? null : s3SecretAccessKey.getPlainText()));
        return r.problems().isEmpty() ? FormValidation.ok() : FormValidation.error(String.join(" ", r.problems()));
    }

    public String getDataDir() {
        return dataDir;
    }

    @DataBoundSetter
    public void setDataDir(String dataDir) {
        this.dataDir = trim(dataDir);
        changed();
    }

    public String getCacheCap() {
        return cacheCap;
    }

    @DataBoundSetter
    public void setCacheCap(String cacheCap) {
        this.cacheCap = trim(cacheCap);
        changed();
    }

    public String getPageTtl() {
        return pageTtl;
    }

    @DataBoundSetter
    public void setPageTtl(String pageTtl) {
        this.pageTtl = trim(pageTtl);
        changed();
    }

    public boolean isOffline() {
        return offline;
    }

    @DataBoundSetter
    public void setOffline(boolean offline) {
        this.offline = offline;
        changed();
    }

    public boolean isAnonymousRead() {
        return anonymousRead;
    }

    @DataBoundSetter
    public void setAnonymousRead(boolean anonymousRead) {
        this.anonymousRead = anonymousRead;
        changed();
    }

    public String getPrivatePatterns() {
        return privatePatterns;
    }

    @DataBoundSetter
    public void setPrivatePatterns(String privatePatterns) {
        this.privatePatterns = trim(privatePatterns);
        changed();
    }

    public String getAllowlist() {
        return allowlist;
    }

    @DataBoundSetter
    public void setAllowlist(String allowlist) {
        this.allowlist = trim(allowlist);
        changed();
    }

    public String getSyncSpec() {
        return syncSpec;
    }

    /** Stored as text; parsed by the engine's mirror sync when it runs. */
    @DataBoundSetter
    public void setSyncSpec(String syncSpec) {
        this.syncSpec = syncSpec == null ? "" : syncSpec;
        changed();
    }

    public String getSyncSchedule() {
        return syncSchedule;
    }

    @DataBoundSetter
    public void setSyncSchedule(String syncSchedule) {
        this.syncSchedule = trim(syncSchedule);
        changed();
    }

    public boolean isFindLinksByDefault() {
        return findLinksByDefault;
    }

    @DataBoundSetter
    public void setFindLinksByDefault(boolean findLinksByDefault) {
        this.findLinksByDefault = findLinksByDefault;
        changed();
    }

    public boolean isPublishByDefault() {
        return publishByDefault;
    }

    @DataBoundSetter
    public void setPublishByDefault(boolean publishByDefault) {
        this.publishByDefault = publishByDefault;
        changed();
    }

    public String getTokenLifetime() {
        return tokenLifetime;
    }

    @DataBoundSetter
    public void setTokenLifetime(String tokenLifetime) {
        this.tokenLifetime = trim(tokenLifetime);
        changed();
    }

    /** Successful builds per job whose files are kept for re-runs; 0 keeps none. Unset (older files): 3. */
    public int getRetainBuilds() {
        return retainBuilds == null ? DEFAULT_RETAIN_BUILDS : retainBuilds;
    }

    @DataBoundSetter
    public void setRetainBuilds(int retainBuilds) {
        this.retainBuilds = retainBuilds;
        changed();
    }

    public String getMinReleaseAge() {
        return minReleaseAge;
    }

    /** Such as {@code 7d}; blank or {@code 0} for none. */
    @DataBoundSetter
    public void setMinReleaseAge(String minReleaseAge) {
        this.minReleaseAge = trim(minReleaseAge);
        changed();
    }

    public boolean isHoldUnknownAge() {
        return holdUnknownAge;
    }

    @DataBoundSetter
    public void setHoldUnknownAge(boolean holdUnknownAge) {
        this.holdUnknownAge = holdUnknownAge;
        changed();
    }

    public String getNeverHeld() {
        return neverHeld;
    }

    @DataBoundSetter
    public void setNeverHeld(String neverHeld) {
        this.neverHeld = trim(neverHeld);
        changed();
    }

    public String getAgeOverrides() {
        return ageOverrides;
    }

    @DataBoundSetter
    public void setAgeOverrides(String ageOverrides) {
        this.ageOverrides = trim(ageOverrides);
        changed();
    }

    public String getBlockedReleases() {
        return blockedReleases;
    }

    @DataBoundSetter
    public void setBlockedReleases(String blockedReleases) {
        this.blockedReleases = trim(blockedReleases);
        changed();
    }

    @POST
    public FormValidation doCheckMinReleaseAge(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return toValidation(PolicyText.checkMinReleaseAge(value));
    }

    @POST
    public FormValidation doCheckNeverHeld(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return toValidation(PolicyText.checkNeverHeld(value));
    }

    @POST
    public FormValidation doCheckAgeOverrides(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return toValidation(PolicyText.checkAgeOverrides(value));
    }

    @POST
    public FormValidation doCheckBlockedReleases(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return toValidation(PolicyText.checkBlockedReleases(value));
    }

    @POST
    public FormValidation doCheckRetainBuilds(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        try {
            int n = Integer.parseInt(value.trim());
            return n < 0
                    ? FormValidation.error(Messages.PythonMirrorConfiguration_RetainBuildsNegative(n))
                    : FormValidation.ok();
        } catch (NumberFormatException e) {
            return FormValidation.error(Messages.PythonMirrorConfiguration_RetainBuildsNotANumber(value));
        }
    }

    @POST
    public FormValidation doCheckDataDir(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return toValidation(SettingsConverter.checkDataDir(value));
    }

    @POST
    public FormValidation doCheckCacheCap(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return toValidation(SettingsConverter.checkSize(value));
    }

    @POST
    public FormValidation doCheckPageTtl(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return toValidation(SettingsConverter.checkDuration(value));
    }

    @POST
    public FormValidation doCheckTokenLifetime(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return toValidation(SettingsConverter.checkPositiveDuration(value));
    }

    @POST
    public FormValidation doCheckPrivatePatterns(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return toValidation(SettingsConverter.checkPatterns(value, "private name pattern"));
    }

    @POST
    public FormValidation doCheckAllowlist(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return toValidation(SettingsConverter.checkPatterns(value, "allowlist entry"));
    }

    @POST
    public FormValidation doCheckSyncSpec(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return toValidation(SettingsConverter.checkSyncSpec(value));
    }

    @POST
    public FormValidation doCheckSyncSchedule(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        try {
            CronSchedule schedule = CronSchedule.parse(value, MirrorSyncWork.NAME);
            return schedule.isEmpty()
                    ? FormValidation.ok(Messages.PythonMirrorConfiguration_NoSchedule())
                    : FormValidation.ok();
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    /** Every field's value at one moment, to put back when a form is rejected. */
    private record Fields(
            List<UpstreamEntry> upstreams,
            String dataDir,
            String cacheCap,
            String pageTtl,
            boolean offline,
            boolean anonymousRead,
            String privatePatterns,
            String allowlist,
            String syncSpec,
            String syncSchedule,
            boolean findLinksByDefault,
            boolean publishByDefault,
            String tokenLifetime,
            Integer retainBuilds,
            String minReleaseAge,
            boolean holdUnknownAge,
            String neverHeld,
            String ageOverrides,
            String blockedReleases,
            String storage,
            String s3Endpoint,
            String s3Region,
            boolean s3PathStyle,
            String s3AccessKeyId,
            Secret s3SecretAccessKey) {

        Fields(PythonMirrorConfiguration c) {
            this(
                    c.upstreams == null ? null : new ArrayList<>(c.upstreams),
                    c.dataDir,
                    c.cacheCap,
                    c.pageTtl,
                    c.offline,
                    c.anonymousRead,
                    c.privatePatterns,
                    c.allowlist,
                    c.syncSpec,
                    c.syncSchedule,
                    c.findLinksByDefault,
                    c.publishByDefault,
                    c.tokenLifetime,
                    c.retainBuilds,
                    c.minReleaseAge,
                    c.holdUnknownAge,
                    c.neverHeld,
                    c.ageOverrides,
                    c.blockedReleases,
                    c.storage,
                    c.s3Endpoint,
                    c.s3Region,
                    c.s3PathStyle,
                    c.s3AccessKeyId,
                    c.s3SecretAccessKey);
        }

        void restore(PythonMirrorConfiguration c) {
            c.upstreams = upstreams;
            c.dataDir = dataDir;
            c.cacheCap = cacheCap;
            c.pageTtl = pageTtl;
            c.offline = offline;
            c.anonymousRead = anonymousRead;
            c.privatePatterns = privatePatterns;
            c.allowlist = allowlist;
            c.syncSpec = syncSpec;
            c.syncSchedule = syncSchedule;
            c.findLinksByDefault = findLinksByDefault;
            c.publishByDefault = publishByDefault;
            c.tokenLifetime = tokenLifetime;
            c.retainBuilds = retainBuilds;
            c.minReleaseAge = minReleaseAge;
            c.holdUnknownAge = holdUnknownAge;
            c.neverHeld = neverHeld;
            c.ageOverrides = ageOverrides;
            c.blockedReleases = blockedReleases;
            c.storage = storage;
            c.s3Endpoint = s3Endpoint;
            c.s3Region = s3Region;
            c.s3PathStyle = s3PathStyle;
            c.s3AccessKeyId = s3AccessKeyId;
            c.s3SecretAccessKey = s3SecretAccessKey;
        }
    }

    private static FormValidation toValidation(Optional<String> problem) {
        return problem.map(FormValidation::error).orElseGet(FormValidation::ok);
    }

    private static String trim(String s) {
        return s == null ? "" : s.trim();
    }
}
