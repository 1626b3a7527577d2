import { Stack, StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { Construct } from 'constructs';

/**
 * The site's certificate, in a stack of its own: the site stack reads its
 * ARN through CDK's cross-region references.
 */
export class CertificateStack extends Stack {
  readonly certificate: acm.ICertificate;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, { ...props, crossRegionReferences: true });
    this.certificate = new acm.Certificate(this, 'Certificate', {
      domainName: 'docs.example.com',
      validation: acm.CertificateValidation.fromDns(),
    });
  }
}
