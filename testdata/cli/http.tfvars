origin_policy = "http-only"
