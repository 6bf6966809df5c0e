package io.jenkins.plugins.pythonmirror.simple;

/** The three representations of a simple-repository page (PEP 691 "Content-Types"). */
public enum PageFormat {
    JSON_V1("application/vnd.pypi.simple.v1+json"),
    HTML_V1("application/vnd.pypi.simple.v1+html"),
    TEXT_HTML("text/html");

    private final String mediaType;

    PageFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    /** The bare media type, for example {@code application/vnd.pypi.simple.v1+json}. */
    public String mediaType() {
        return mediaType;
    }

    /** The value for a {@code Content-Type} header; HTML ones name their UTF-8 charset. */
    public String contentTypeHeader() {
        return this == JSON_V1 ? mediaType : mediaType + "; charset=utf-8";
    }

    /** Whether this is the JSON representation. */
    public boolean isJson() {
        return this == JSON_V1;
    }
}
