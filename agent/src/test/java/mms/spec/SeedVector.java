package mms.spec;

import java.util.Base64;

/** The signed example published in the original's README (seed/machines-watcher.txt, cli.md §3). */
final class SeedVector {
    static final String PUBLIC = "64031219d4922eed63a5f567303e98607c632139c01bc9fa4ca2514c2d9d30da";
    static final String SEED = "d8bd4d6392af154e996a18a4ccd5f51931d8e861d42966a677d85fbb598b66d3";
    static final String PRIVATE = SEED + PUBLIC;
    static final String MACHINES_BASE64 = "WwogewogICAibmFtZSI6ICJmYWN0cyIsCiAgICAgInNvdXJjZSI6ICJodHRwczovL215LmV4YW1wbGUubmV0L21ldGFkYXRhL21ldGFkYXRhLW1hY2hpbmUtMS4wLjAudGd6IiwKICAgICAidmVyaWZ5IjogIlNIQTI1NlNVTVMiLAogICAgICJ2ZXJpZnlfY2hlY2tzdW0iOiAiMWU4NTcxOWM2OTU5ZWIwZjJjOGYyMTY2ZTMwYWU5NTJjY2FlZjJjMjg2ZjMxODY4ZWExZDMxMWQzNzM4YTMzOSIsCiAgICAgImNoZWNrc3VtIjogImYxMWVhMjAwNWRlOTdiZjMwOWJhZmFjNDZlNzdjMDE5MjUzMDdhMjY2NzVmNDRmMzg4ZDQ1MDJkMmI5ZDAwYmYiLAogICAgICJtYXRjaCI6ICJoYXNfY29tbWFuZCgnZmFjdGVyJykiCiB9Cl0K";
    static final String SIGNATURE = "f06d4a1cfe9ac79d26b5e6646fdfa9d845a5506c9a2fe0a71fb8416f6f7edd253a1eb46363c12ca5f6148b19ab1ed9a5f25c89b09b3360a09b7d054bf4b55204";
    static final String ENVELOPE = "{\"machines\":\"" + MACHINES_BASE64 + "\",\"signature\":\"" + SIGNATURE + "\"}";

    static byte[] machines() {
        return Base64.getDecoder().decode(MACHINES_BASE64);
    }

    private SeedVector() {}
}
