/// A self-signed certificate for `localhost` and 127.0.0.1 (P-256, valid until 2126)
/// with its key, and a key of no certificate: for the TLS tests only.
enum TestCertificate {
    static let certificate = """
        -----BEGIN CERTIFICATE-----
        MIIBnDCCAUGgAwIBAgIUCBvtl7l4POAiwKXGAg4iuslPdCwwCgYIKoZIzj0EAwIw
        FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTIwMzEyNDYyOVoYDzIxMjYxMTA5
        MTI0NjI5WjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
        PQMBBwNCAATBNdCN82VMIfZgn+oaGnhhYOZruKGJHVt237FtlJrYrUle3WLR0mdd
        10uquRtrhyBJbtCVrUMaUUgdlaF73zTlo28wbTAdBgNVHQ4EFgQUbQ+Pq3+JVjG0
        gV/A5Kn2EVev858wHwYDVR0jBBgwFoAUbQ+Pq3+JVjG0gV/A5Kn2EVev858wDwYD
        VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARgglsb2NhbGhvc3SHBH8AAAEwCgYIKoZI
        zj0EAwIDSQAwRgIhAISRHDQcp2fxXKHgmsvs3CIvasIiuRCVZMQqb2+bqCaaAiEA
        z4jskcMvDmsYRVt4jmG2FnI2LhNuLZO1PBGqF5rkW8s=
        -----END CERTIFICATE-----
        """

    static let key = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgSuxC374E2aqSMS+g
        sidFBtG+VLIMxXOghhgtV9zfo/ahRANCAATBNdCN82VMIfZgn+oaGnhhYOZruKGJ
        HVt237FtlJrYrUle3WLR0mdd10uquRtrhyBJbtCVrUMaUUgdlaF73zTl
        -----END PRIVATE KEY-----
        """

    static let unrelatedKey = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgPIC53/grhX/5iizD
        1w3xDc19nht8ARK9f55VvnRYlp6hRANCAAQbvXTeDJy9TJkfQ9HgyMmAc8jo4leV
        nvVd7Vbu+VUh6JSRnm5tqvrENlucBbuSObeAnggPsFBTj53ISTLWlizQ
        -----END PRIVATE KEY-----
        """
}
