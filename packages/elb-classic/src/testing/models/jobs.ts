import type { ElbJob } from '../../job.js';
import { deepFreeze } from './deep-freeze.js';

/**
 * Observations of classic ELB jobs, one per fixture of the jobs endpoint, keyed by the
 * fixture's name. Every id in them is made up. Frozen: copy one before changing it.
 */
export const JOB_MODELS = deepFreeze({
  'create-elb-fail': {
    status: 'FAIL',
    entities: {},
    job_id: 'ff8080827a1b2c3d017a1b2c3d4e0008',
    job_type: 'createELB',
    begin_time: '2024-05-14T11:05:09.331Z',
    end_time: '2024-05-14T11:05:40.018Z',
    error_code: 'ELB.1009',
    fail_reason: 'CreateIPTask-fail',
  },
  'create-elb-init': {
    status: 'INIT',
    entities: {},
    job_id: 'ff8080827a1b2c3d017a1b2c3d4e0001',
    job_type: 'createELB',
    begin_time: '2024-05-14T08:12:03.117Z',
    end_time: '',
    error_code: null,
    fail_reason: null,
  },
  'create-elb-running-sub-jobs': {
    status: 'RUNNING',
    entities: {},
    job_id: 'ff8080827a1b2c3d017a1b2c3d4e0002',
    job_type: 'createELB',
    begin_time: '2024-05-14T09:00:00.250Z',
    end_time: '',
    error_code: null,
    fail_reason: null,
    sub_jobs: [
      {
        status: 'SUCCESS',
        entities: {
          port_id: '7c1e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f',
        },
        job_id: 'ff8080827a1b2c3d017a1b2c3d4e0003',
        job_type: 'createPort',
        begin_time: '2024-05-14T09:00:00.400Z',
        end_time: '2024-05-14T09:00:05.912Z',
        error_code: null,
        fail_reason: null,
      },
      {
        status: 'RUNNING',
        entities: {},
        job_id: 'ff8080827a1b2c3d017a1b2c3d4e0004',
        job_type: 'createInternalVM',
        begin_time: '2024-05-14T09:00:06.020Z',
        end_time: '',
        error_code: null,
        fail_reason: null,
      },
    ],
  },
  'create-elb-running': {
    status: 'RUNNING',
    entities: {},
    job_id: 'ff8080827a1b2c3d017a1b2c3d4e0001',
    job_type: 'createELB',
    begin_time: '2024-05-14T08:12:03.117Z',
    end_time: '',
    error_code: null,
    fail_reason: null,
  },
  'create-elb-success': {
    status: 'SUCCESS',
    entities: {
      elb: {
        id: '5d2c8e0a9b7f4e61a3c2d1e0f9a8b7c6',
        name: 'web-lb-01',
        type: 'External',
        status: 'ACTIVE',
        bandwidth: 10,
        vip_address: '198.51.100.23',
        tenant_id: '3f0c9a1e6b7d4c2a9e8f1a2b3c4d5e6f',
        admin_state_up: true,
        vpc_id: '0b9e4c2d-7a61-4f3e-9d28-6c5b4a3f2e1d',
      },
    },
    job_id: 'ff8080827a1b2c3d017a1b2c3d4e0001',
    job_type: 'createELB',
    begin_time: '2024-05-14T08:12:03.117Z',
    end_time: '2024-05-14T08:12:31.904Z',
    error_code: null,
    fail_reason: null,
  },
  'create-member-success': {
    status: 'SUCCESS',
    entities: {
      members: [
        {
          id: 'a41c9e7d2b5f4a08b6c3d2e1f0a9b8c7',
          address: '192.168.10.21',
          listener_id: 'c2b7e9a1d4f34b6e8a0c1d2e3f4a5b6c',
          server_id: '8e1f2a3b-4c5d-4e6f-9a0b-1c2d3e4f5a6b',
          status: 'ACTIVE',
        },
      ],
    },
    job_id: 'ff8080827a1b2c3d017a1b2c3d4e0006',
    job_type: 'createMember',
    begin_time: '2024-05-14T10:20:00.500Z',
    end_time: '2024-05-14T10:20:38.040Z',
    error_code: null,
    fail_reason: null,
  },
  'delete-elb-running': {
    status: 'RUNNING',
    entities: {},
    job_id: 'ff8080827a1b2c3d017a1b2c3d4e0005',
    job_type: 'deleteELB',
    begin_time: '2024-05-14T10:01:44.008Z',
    end_time: '',
    error_code: null,
    fail_reason: null,
  },
  'delete-elb-success': {
    status: 'SUCCESS',
    entities: {
      elb_id: '5d2c8e0a9b7f4e61a3c2d1e0f9a8b7c6',
    },
    job_id: 'ff8080827a1b2c3d017a1b2c3d4e0005',
    job_type: 'deleteELB',
    begin_time: '2024-05-14T10:01:44.008Z',
    end_time: '2024-05-14T10:02:31.377Z',
    error_code: null,
    fail_reason: null,
  },
  'remove-member-success': {
    status: 'SUCCESS',
    entities: {
      listener_id: 'c2b7e9a1d4f34b6e8a0c1d2e3f4a5b6c',
      members: [
        {
          id: 'a41c9e7d2b5f4a08b6c3d2e1f0a9b8c7',
        },
      ],
    },
    job_id: 'ff8080827a1b2c3d017a1b2c3d4e0007',
    job_type: 'removeMember',
    begin_time: '2024-05-14T10:30:00.100Z',
    end_time: '2024-05-14T10:30:14.622Z',
    error_code: null,
    fail_reason: null,
  },
} satisfies Record<string, ElbJob>);
