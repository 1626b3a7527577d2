origin_policy = "https-only"
