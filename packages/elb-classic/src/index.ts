export { akskAuth } from './aksk-auth.js';
export type { AkskAuthOptions } from './aksk-auth.js';
export { CREDENTIAL_REJECTED_CODES, invitesRefresh, tokenAuth } from './auth.js';
export type {
  ElbAuth,
  ElbAuthContext,
  ElbRequest,
  TokenProvider,
  TokenProviderContext,
} from './auth.js';
export { ElbClient } from './client.js';
export type { ElbClientOptions, GetJobOptions } from './client.js';
export { classifyElbError, classifyElbJob } from './classify.js';
export { credentialsFromEnv } from './credentials-from-env.js';
export type {
  EnvAkskCredentials,
  EnvCredentials,
  EnvCredentialsContext,
  EnvPasswordCredentials,
  EnvTokenCredentials,
  EnvVariables,
} from './credentials-from-env.js';
export { ELB_WAIT_DEFAULTS } from './defaults.js';
export { elbDurationAwareBackoff } from './duration-aware-backoff.js';
export { ELB_CLASSIC_DURATION_PRIORS } from './duration-priors.js';
export { ELB_CLOUD_HOSTS, resolveEndpoint } from './endpoint.js';
export type { ElbCloud, ElbEndpointOptions } from './endpoint.js';
export {
  addedMembers,
  createdLoadBalancer,
  deletedLoadBalancerId,
  jobEntities,
  removedMembers,
} from './entities.js';
export type {
  CreateElbEntities,
  CreateMemberEntities,
  DeleteElbEntities,
  ElbJobEntities,
  ElbLoadBalancer,
  ElbMember,
  RemoveMemberEntities,
} from './entities.js';
export { parseErrorBody } from './error-body.js';
export { ELB_ERROR_MEANINGS, errorMeaning } from './error-codes.js';
export type { ElbErrorBody } from './error-body.js';
export {
  API_NOT_PUBLISHED_CODE,
  ElbClientClosedError,
  ElbHttpError,
  ElbNetworkError,
  ElbProtocolError,
  ElbTransportError,
} from './errors.js';
export type {
  ElbHttpErrorFields,
  ElbProtocolErrorFields,
  ElbProtocolProblem,
  ElbTransportErrorFields,
} from './errors.js';
export { IamTokenError } from './iam/errors.js';
export type { IamTokenErrorFields, IamTokenProblem } from './iam/errors.js';
export { IAM_CLOUD_HOSTS, resolveIamEndpoint } from './iam/iam-endpoint.js';
export type { IamEndpointOptions } from './iam/iam-endpoint.js';
export { IAM_TOKEN_DEFAULTS, iamPasswordTokenProvider } from './iam/password-token-provider.js';
export type {
  IamPasswordTokenProviderOptions,
  IamTokenProvider,
} from './iam/password-token-provider.js';
export { MAX_ID_LENGTH } from './ids.js';
export type { ElbCreateResponse } from './ids.js';
export type { ElbJob, ElbJobStatus, ElbSubJob, KnownElbJobType } from './job.js';
export { elbJobDurationMs } from './job-duration.js';
export { ELB_CLASSIC_KIND, elbJobSource, elbJobSourceFromReference } from './job-source.js';
export type { ElbJobSourceOptions } from './job-source.js';
export { RATE_LIMIT_DEFAULTS } from './rate-limit/rate-limit-options.js';
export type { RateLimitOptions } from './rate-limit/rate-limit-options.js';
export type { RateLimitState } from './rate-limit/rate-limiter.js';
export { parseRetryAfter } from './retry-after.js';
export type { SigningForm } from './signing/authorization-header.js';
export { signRequest } from './signing/sign.js';
export type {
  RequestSignature,
  SignableRequest,
  SigningCredentials,
  SignRequestOptions,
} from './signing/sign.js';
export { verifySignature } from './signing/verify.js';
export type {
  SecretKeyLookup,
  SignatureAcceptance,
  SignatureFailure,
  SignatureRejection,
  SignatureVerdict,
  VerifiableRequest,
  VerifySignatureOptions,
} from './signing/verify.js';
export { SUB_JOB_CHANGE_EVENT, watchSubJobs } from './sub-job-events.js';
export { gotTransport } from './transport/got-transport.js';
export type { GotTransportSettings } from './transport/got-transport.js';
export type {
  ElbTransport,
  ElbTransportAnswer,
  ElbTransportFactory,
  ElbTransportRequest,
  ElbTransportSettings,
} from './transport/transport.js';
export type { SubJobChangeEvent, SubJobListener, WatchSubJobsOptions } from './sub-job-events.js';
export { failedSubJobs, subJobs, subJobsDetail } from './sub-jobs.js';
export { elbBackoff, waitForElbJob } from './wait-for-elb-job.js';
export type { ElbWaitListeners, ElbWaitResult, WaitForElbJobOptions } from './wait-for-elb-job.js';
