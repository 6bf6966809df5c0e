package io.jenkins.plugins.pythonmirror;

import net.sf.json.JSONObject;

/**
 * The two per-build options of {@code withPythonMirror} and the freestyle wrapper; {@code null} means "the global
 * default". A form shows them inside an optional block "Override the global defaults", so an unticked block keeps
 * both unset — two bare checkboxes would always store {@code false}.
 */
record BuildOptions(Boolean findLinks, Boolean publish) {

    /** The form field of the optional block. */
    static final String OVERRIDE = "overrideDefaults";

    /**
     * Reads the options from a submitted form: the block is absent (or {@code false}) when unticked, and an object
     * holding {@code findLinks} and {@code publish} when ticked.
     */
    static BuildOptions fromForm(JSONObject form) {
        Object block = form.opt(OVERRIDE);
        if (block instanceof JSONObject values && !values.isNullObject()) {
            return new BuildOptions(values.optBoolean("findLinks"), values.optBoolean("publish"));
        }
        return new BuildOptions(null, null);
    }

    /** What carries the two options: the Pipeline step and the freestyle wrapper. */
    interface Holder {
        void setFindLinks(Boolean findLinks);

        void setPublish(Boolean publish);
    }

    /** Sets both options on {@code holder} (null ones stay unset) and returns it. */
    <T extends Holder> T applyTo(T holder) {
        holder.setFindLinks(findLinks);
        holder.setPublish(publish);
        return holder;
    }
}
