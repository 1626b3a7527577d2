output "domain" {
  value = "api.example.com:8443"
}
