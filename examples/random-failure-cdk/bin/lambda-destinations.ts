#!/usr/bin/env node
import * as cdk from 'aws-cdk-lib';
import { LambdaDestinationsStack } from '../lib/lambda-destinations-stack';

const app = new cdk.App();
new LambdaDestinationsStack(app, 'LambdaDestinationsStack');
