import { Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

export interface SiteStackProps extends StackProps {
  /** Synthesizes the site without any fault. */
  readonly clean: boolean;
  /** The certificate of `docs.example.com`, from another stack. */
  readonly certificate: acm.ICertificate;
}

/** The viewer-request function: a trailing slash gets `index.html`. */
const HANDLER = `
exports.handler = async (event) => {
  const request = event.Records[0].cf.request;
  if (request.uri.endsWith('/')) request.uri += 'index.html';
  return request;
};
`;

/**
 * A distribution serving a documentation site. Its Lambda@Edge function
 * is an `EdgeFunction`, which CDK deploys in a us-east-1 support stack and
 * reaches through an SSM parameter read across regions.
 */
export class SiteStack extends Stack {
  constructor(scope: Construct, id: string, props: SiteStackProps) {
    super(scope, id, { ...props, crossRegionReferences: true });
    const { clean } = props;

    const rewrite = new cloudfront.experimental.EdgeFunction(this, 'Rewrite', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(HANDLER),
      // viewer triggers allow 128 MB and 5 seconds
      memorySize: clean ? 128 : 256,
      timeout: Duration.seconds(clean ? 5 : 10),
    });
    if (!clean) {
      // Lambda@Edge refuses environment variables; CDK only checks the
      // ones given through `environment`
      // (the function itself lives in the support stack)
      const fn = rewrite.permissionsNode.defaultChild as lambda.CfnFunction;
      fn.addPropertyOverride('Environment.Variables.STAGE', 'prod');
    }

    // An S3 website endpoint serves HTTP only.
    const docs = new origins.HttpOrigin('docs-example.s3-website-eu-west-1.amazonaws.com', {
      protocolPolicy: clean
        ? cloudfront.OriginProtocolPolicy.HTTP_ONLY
        : cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      readTimeout: Duration.seconds(30),
    });

    const distribution = new cloudfront.Distribution(this, 'Distribution', {
      defaultBehavior: {
        origin: docs,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        edgeLambdas: [
          {
            functionVersion: rewrite.currentVersion,
            eventType: cloudfront.LambdaEdgeEventType.VIEWER_REQUEST,
          },
        ],
      },
      domainNames: ['docs.example.com'],
      certificate: props.certificate,
    });
    if (!clean) {
      // CDK checks the range; the template CloudFormation gets is what counts
      const cfn = distribution.node.defaultChild as cloudfront.CfnDistribution;
      cfn.addPropertyOverride('DistributionConfig.Origins.0.CustomOriginConfig.OriginReadTimeout', 0);
    }
  }
}
