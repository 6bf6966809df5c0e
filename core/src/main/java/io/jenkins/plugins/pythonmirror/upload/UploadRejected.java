package io.jenkins.plugins.pythonmirror.upload;

import io.jenkins.plugins.pythonmirror.MirrorException;

/** 400: an upload that fails validation; the message is one line and tells the uploader what was wrong. */
public class UploadRejected extends MirrorException.BadRequest {
    public UploadRejected(String reason) {
        super(reason.replace('\n', ' ').replace('\r', ' '));
    }
}
