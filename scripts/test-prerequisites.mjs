// Before `npm test`: the Query-protocol tests drive Debian's AWS CLI (/usr/bin/aws, package awscli).
// On a fresh Debian machine where we may install packages (root with apt-get), install it; otherwise
// say exactly what is missing.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const DEBIAN_AWS = '/usr/bin/aws';

function have(command) {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

if (!fs.existsSync(DEBIAN_AWS)) {
  if (process.getuid?.() === 0 && have('apt-get')) {
    console.log(`${DEBIAN_AWS} is missing: installing Debian's awscli package for the Query-protocol tests.`);
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'awscli'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  } else {
    console.error(`${DEBIAN_AWS} is missing. The Query-protocol tests need Debian's AWS CLI: sudo apt-get install awscli`);
    process.exit(1);
  }
}
if (!have('aws')) {
  console.error('The `aws` command (AWS CLI v1 from pip, JSON protocol) is missing: pip install awscli');
  process.exit(1);
}
