import { Global, Module } from '@nestjs/common';
import { AfterCommit } from './after-commit.service';

@Global()
@Module({ providers: [AfterCommit], exports: [AfterCommit] })
export class AfterCommitModule {}
