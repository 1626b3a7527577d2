//! The generated template shared by the benchmark and the profiling example.

/// One template of realistic size: a distribution with several origins and
/// behaviors, a load balancer with listener and security groups, and
/// Lambda@Edge functions with versions. `i` varies names and values so no
/// two files are identical.
pub fn template(i: usize) -> String {
    let mut origins = String::new();
    let mut behaviors = String::new();
    for o in 0..6 {
        let (domain, config) = match o % 3 {
            0 => (
                format!("site{i}-{o}.s3-website-us-east-1.amazonaws.com"),
                "CustomOriginConfig:\n              OriginProtocolPolicy: http-only".to_string(),
            ),
            1 => (
                "!GetAtt Alb.DNSName".to_string(),
                format!(
                    "CustomOriginConfig:\n              OriginProtocolPolicy: https-only\n              OriginReadTimeout: {}\n              OriginSSLProtocols: [TLSv1.2]",
                    30 + o
                ),
            ),
            _ => (
                format!("bucket{i}-{o}.s3.us-east-1.amazonaws.com"),
                "S3OriginConfig: {}".to_string(),
            ),
        };
        origins.push_str(&format!(
            "          - Id: origin{o}\n            DomainName: {domain}\n            {config}\n"
        ));
        behaviors.push_str(&format!(
            "          - PathPattern: /p{o}/*\n            TargetOriginId: origin{o}\n            ViewerProtocolPolicy: redirect-to-https\n            AllowedMethods: [GET, HEAD, OPTIONS]\n            CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6\n            LambdaFunctionAssociations:\n              - EventType: origin-request\n                LambdaFunctionARN: !Ref EdgeVersion\n"
        ));
    }
    format!(
        r#"AWSTemplateFormatVersion: "2010-09-09"
Description: generated template {i}
Parameters:
  DomainName:
    Type: String
    Default: www{i}.example.com
  CertificateArn:
    Type: String
Conditions:
  HasCert: !Not [!Equals [!Ref CertificateArn, ""]]
Resources:
  AlbSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: alb {i}
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 443
          ToPort: 443
          CidrIp: 0.0.0.0/0
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Scheme: internet-facing
      SecurityGroups: [!Ref AlbSecurityGroup]
      Subnets: [subnet-a, subnet-b]
      LoadBalancerAttributes:
        - Key: idle_timeout.timeout_seconds
          Value: "60"
  Listener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Alb
      Port: 443
      Protocol: HTTPS
      SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06
      Certificates:
        - CertificateArn: !Ref CertificateArn
      DefaultActions:
        - Type: fixed-response
          FixedResponseConfig: {{ StatusCode: "200" }}
  EdgeRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {{ Service: [lambda.amazonaws.com, edgelambda.amazonaws.com] }}
            Action: sts:AssumeRole
  EdgeFunction:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      MemorySize: 128
      Timeout: 5
      Role: !GetAtt EdgeRole.Arn
      Code:
        ZipFile: |
          exports.handler = async (event) => event.Records[0].cf.request;
  EdgeVersion:
    Type: AWS::Lambda::Version
    Properties:
      FunctionName: !Ref EdgeFunction
  Distribution:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Aliases: [!Ref DomainName]
        HttpVersion: http2and3
        ViewerCertificate: !If
          - HasCert
          - AcmCertificateArn: !Ref CertificateArn
            SslSupportMethod: sni-only
            MinimumProtocolVersion: TLSv1.2_2021
          - CloudFrontDefaultCertificate: true
        Origins:
{origins}        DefaultCacheBehavior:
          TargetOriginId: origin0
          ViewerProtocolPolicy: redirect-to-https
          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
        CacheBehaviors:
{behaviors}        CustomErrorResponses:
          - ErrorCode: 502
            ErrorCachingMinTTL: 10
Outputs:
  DistributionDomain:
    Value: !GetAtt Distribution.DomainName
"#
    )
}
