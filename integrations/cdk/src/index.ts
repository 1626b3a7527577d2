export { EdgelintValidator } from "./validator";
export type { EdgelintReport, EdgelintValidatorOptions, FailOn } from "./validator";
export type { Violation, ViolatingResource } from "./violations";
