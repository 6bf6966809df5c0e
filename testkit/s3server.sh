#!/bin/sh
# Runs a real S3 server (S3Proxy 4.1.0, filesystem backend) outside the tests, e.g. for a manual check of two Jenkins
# controllers sharing one bucket:
#
#   testkit/s3server.sh [PORT [DIR]]        (defaults: 9000 and ./s3-data)
#
# It compiles core and testkit from this checkout (offline when ~/.m2 has the dependencies: MVN_OPTS=-o), then runs
# io.jenkins.plugins.pythonmirror.testkit.S3Server, which prints the endpoint (http://127.0.0.1:PORT), the bucket
# ("mirror", path-style addressing, region us-east-1), and the fixed access key and secret. Objects live under DIR
# and survive restarts. Ctrl-C stops it. Listens on 127.0.0.1 only.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
port=${1:-9000}
dir=${2:-s3-data}
cd "$here"
mvn -B -q ${MVN_OPTS:-} -pl core,testkit compile dependency:build-classpath \
    -Dmdep.outputFile=target/s3server.classpath -Dmdep.includeScope=runtime
exec java -cp "testkit/target/classes:$(cat testkit/target/s3server.classpath)" \
    io.jenkins.plugins.pythonmirror.testkit.S3Server "$port" "$dir"
