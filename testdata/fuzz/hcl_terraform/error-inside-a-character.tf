resource "a" "b" {
  c {
    d = eҔ