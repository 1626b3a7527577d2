#!/usr/bin/env node
// The site: a distribution in eu-west-1 whose Lambda@Edge function CDK
// places in a us-east-1 support stack, and whose certificate comes from a
// stack of its own. `-c variant=clean` synthesizes it without faults;
// `-c edgelint=true` runs edgelint in synth (the @edgelint/cdk plugin).
import { App, IPolicyValidationPlugin, Validations } from 'aws-cdk-lib';
import { CertificateStack } from '../lib/certificate-stack';
import { SiteStack } from '../lib/site-stack';

const app = new App();
if (String(app.node.tryGetContext('edgelint')) === 'true') {
  // loaded only when asked for, so the fixtures synthesize without the
  // plugin built (npm run build in integrations/cdk)
  const { EdgelintValidator } = require('@edgelint/cdk') as {
    EdgelintValidator: new () => IPolicyValidationPlugin;
  };
  Validations.of(app).addPlugins(new EdgelintValidator());
}
const clean = app.node.tryGetContext('variant') === 'clean';
const account = '111111111111';

// CloudFront only accepts certificates from us-east-1
const certificates = new CertificateStack(app, 'Certificates', {
  env: { account, region: clean ? 'us-east-1' : 'eu-central-1' },
});
new SiteStack(app, 'Site', {
  env: { account, region: 'eu-west-1' },
  certificate: certificates.certificate,
  clean,
});
