import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempApp } from '../../test/helpers/temp-app.ts';
import { loadCloudFormationApp } from './cloudformation-loader.ts';

function load(resources: string) {
  const dir = tempApp({ 'template.yaml': `Resources:\n${resources}` });
  return loadCloudFormationApp(path.join(dir, 'template.yaml'), { stackName: 'api' }, 'template.yaml');
}

const FN = `
  Fn:
    Type: AWS::Lambda::Function
    Properties: { FunctionName: items, Runtime: nodejs20.x, Handler: index.handler, Code: { ZipFile: "exports.handler = async () => ({})" } }`;

describe('API Gateway in plain CloudFormation', () => {
  it('REST API: resource tree, Lambda proxy, SNS and SQS service integrations, stage from the deployment', () => {
    const app = load(`${FN}
  Topic: { Type: AWS::SNS::Topic, Properties: { TopicName: payments } }
  Queue: { Type: AWS::SQS::Queue, Properties: { QueueName: inbox } }
  Api: { Type: AWS::ApiGateway::RestApi, Properties: { Name: payments-api } }
  Items: { Type: AWS::ApiGateway::Resource, Properties: { RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: items } }
  Item: { Type: AWS::ApiGateway::Resource, Properties: { RestApiId: !Ref Api, ParentId: !Ref Items, PathPart: '{id}' } }
  Payment: { Type: AWS::ApiGateway::Resource, Properties: { RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: payment } }
  GetItem:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Item
      HttpMethod: get
      AuthorizationType: NONE
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations
  PostPayment:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Payment
      HttpMethod: POST
      AuthorizationType: NONE
      Integration:
        Type: AWS
        IntegrationHttpMethod: POST
        Uri: !Sub arn:aws:apigateway:\${AWS::Region}:sns:action/Publish
        RequestParameters:
          integration.request.querystring.TopicArn: !Sub "'\${Topic}'"
          integration.request.querystring.Message: method.request.body
  PostRoot:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: PUT
      Integration:
        Type: AWS
        IntegrationHttpMethod: POST
        Uri: !Sub arn:aws:apigateway:\${AWS::Region}:sqs:path/\${AWS::AccountId}/\${Queue.QueueName}
        RequestTemplates:
          application/json: Action=SendMessage&MessageBody=$input.body
  Mock:
    Type: AWS::ApiGateway::Method
    Properties: { RestApiId: !Ref Api, ResourceId: !Ref Items, HttpMethod: OPTIONS, Integration: { Type: MOCK } }
  Deployment:
    Type: AWS::ApiGateway::Deployment
    DependsOn: [GetItem, PostPayment, PostRoot]
    Properties: { RestApiId: !Ref Api, StageName: prod }
`);
    expect(app.httpRoutes.map(({ origin: _o, ...r }) => r)).toEqual([
      {
        api: 'rest',
        apiName: 'payments-api',
        method: 'GET',
        path: '/items/{id}',
        pathParameters: ['id'],
        stage: 'prod',
        integration: {
          kind: 'function',
          functionName: 'items',
          functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:items',
        },
      },
      {
        api: 'rest',
        apiName: 'payments-api',
        method: 'POST',
        path: '/payment',
        pathParameters: [],
        stage: 'prod',
        integration: { kind: 'sns', topicArn: 'arn:aws:sns:us-east-1:000000000000:payments' },
      },
      {
        api: 'rest',
        apiName: 'payments-api',
        method: 'PUT',
        path: '/',
        pathParameters: [],
        stage: 'prod',
        integration: {
          kind: 'sqs',
          queueArn: 'arn:aws:sqs:us-east-1:000000000000:inbox',
          messageTemplate: 'Action=SendMessage&MessageBody=$input.body',
        },
      },
    ]);
    expect(app.warnings.map((w) => `${w.path}: ${w.message}`)).toEqual([
      'Resources.Mock.Properties.Integration: integration MOCK is not supported (Lambda proxy, SNS and SQS are)',
    ]);
  });

  it('HTTP API: integrations and routes, quick-create Target', () => {
    const app = load(`${FN}
  Http: { Type: AWS::ApiGatewayV2::Api, Properties: { Name: items-api, ProtocolType: HTTP } }
  Integration:
    Type: AWS::ApiGatewayV2::Integration
    Properties: { ApiId: !Ref Http, IntegrationType: AWS_PROXY, IntegrationUri: !GetAtt Fn.Arn, PayloadFormatVersion: '2.0' }
  Route:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref Http, RouteKey: 'GET /items/{id}', Target: !Join [/, [integrations, !Ref Integration]] }
  Default:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref Http, RouteKey: $default, Target: !Sub 'integrations/\${Integration}' }
  Quick: { Type: AWS::ApiGatewayV2::Api, Properties: { Name: quick, ProtocolType: HTTP, Target: !GetAtt Fn.Arn } }
  Socket: { Type: AWS::ApiGatewayV2::Api, Properties: { Name: ws, ProtocolType: WEBSOCKET } }
`);
    const integration = {
      kind: 'function',
      functionName: 'items',
      functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:items',
    };
    expect(app.httpRoutes.map((r) => [r.apiName, r.method, r.path, r.pathParameters, r.integration])).toEqual([
      ['items-api', 'GET', '/items/{id}', ['id'], integration],
      ['items-api', 'ANY', '$default', [], integration],
      ['quick', 'ANY', '$default', [], integration],
    ]);
    expect(app.warnings.map((w) => `${w.path}: ${w.message}`)).toEqual([
      'Resources.Socket: WEBSOCKET APIs are not supported (HTTP APIs are)',
    ]);
  });

  it('a method on an unknown resource is an error naming the path', () => {
    expect(() =>
      load(`
  Api: { Type: AWS::ApiGateway::RestApi }
  M: { Type: AWS::ApiGateway::Method, Properties: { RestApiId: !Ref Api, ResourceId: abc, HttpMethod: GET, Integration: { Type: MOCK } } }
`),
    ).toThrow('template.yaml: Resources.M.Properties.ResourceId: abc is not an AWS::ApiGateway::Resource of this template');
  });
});
