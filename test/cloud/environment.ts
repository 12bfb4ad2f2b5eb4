// jest environment of the `cloud` project: Node's, plus removing the temp
// folders each test file made (test/helpers/temp.ts) once it has ended.
import NodeEnvironment from 'jest-environment-node';
import { removeTempDirs } from '../helpers/temp';

export default class CloudTestEnvironment extends NodeEnvironment {
  override async teardown(): Promise<void> {
    removeTempDirs(this.global);
    await super.teardown();
  }
}
