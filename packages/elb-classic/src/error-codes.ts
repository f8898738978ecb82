/**
 * What the codes of the classic ELB service (`ELB.xxxx`) mean. Taken from the published table
 * of error codes for classic load balancers; a code the table does not list (such as
 * `ELB.1009`, which failed jobs carry) is left out rather than guessed.
 */
const ELB_MEANINGS: Readonly<Record<string, string>> = {
  'ELB.0002': 'the request body is empty',
  'ELB.0004': 'an internal response of the service was empty or invalid',
  'ELB.0230': 'the project ID is empty',
  'ELB.1000': 'the load balancer URL is too long',
  'ELB.1001': 'a request parameter is invalid',
  'ELB.1002': 'the load balancer does not exist',
  'ELB.1003': 'the load balancer does not exist',
  'ELB.1004': 'the query condition is invalid',
  'ELB.1005': 'the parameters for updating the load balancer are invalid',
  'ELB.1007': 'querying the private network load balancer failed',
  'ELB.1008': 'the load balancer still has backend servers, so it cannot be deleted',
  'ELB.1010': 'querying the load balancer quota failed',
  'ELB.1015': 'the load balancer cannot be modified',
  'ELB.1018': 'the load balancer still has backend servers, so it cannot be deleted',
  'ELB.1020': 'the load balancer ID is incorrect',
  'ELB.1021': 'the load balancer name is invalid',
  'ELB.1025': 'the load balancer name is too long',
  'ELB.1030': 'the load balancer URL is incorrect',
  'ELB.1031': 'the load balancer description is too long',
  'ELB.1035': 'the load balancer name is invalid',
  'ELB.1041': 'the load balancer type is invalid',
  'ELB.1045': 'the load balancer description is too long',
  'ELB.1051': 'the bandwidth is invalid',
  'ELB.1061': 'the virtual IP address or the subnet ID is missing',
  'ELB.1071': 'the virtual IP address is invalid',
  'ELB.1081': 'the VPC ID is missing',
  'ELB.1091': 'the load balancer quota is exceeded',
  'ELB.1101': 'the virtual IP address is already in use',
  'ELB.1102': 'the token is invalid',
  'ELB.1103': 'the token is invalid',
  'ELB.1104': 'the token is invalid',
  'ELB.1105': 'the token is invalid',
  'ELB.1109': 'real-name authentication failed',
  'ELB.1201': 'the service could not obtain a token',
  'ELB.2000': 'the backend server URL is incorrect',
  'ELB.2001': 'the limit of backend servers is reached',
  'ELB.2002': 'the parameters for removing a backend server are invalid',
  'ELB.2003': 'querying the backend server failed',
  'ELB.2005': 'updating the backend server failed',
  'ELB.2010': 'the listener ID is too long',
  'ELB.2011': 'the listener does not exist',
  'ELB.2012': 'the backend server does not exist',
  'ELB.2020': 'the listener ID is incorrect',
  'ELB.2021': 'the backend server address is missing',
  'ELB.3001': 'assigning the floating IP address failed',
  'ELB.3002': 'releasing the floating IP address failed',
  'ELB.3003': 'querying the floating IP address failed',
  'ELB.4001': 'assigning the EIP failed',
  'ELB.4002': 'releasing the EIP failed',
  'ELB.4003': 'querying the EIP failed',
  'ELB.5003': 'querying the bandwidth failed',
  'ELB.5005': 'updating the bandwidth failed',
};

/**
 * What the codes of the API gateway in front of the service (`APIGW.xxxx`) mean, from its
 * published table. `APIGW.0201`, whose meaning depends on the HTTP status, is left out.
 */
const GATEWAY_MEANINGS: Readonly<Record<string, string>> = {
  'APIGW.0101': 'the API does not exist or is not published at this endpoint',
  'APIGW.0103': 'the gateway found no backend service for the API',
  'APIGW.0301': 'the IAM authentication information is incorrect',
  'APIGW.0302': 'the IAM user is not authorized to call this API',
  'APIGW.0303': 'the app authentication information is incorrect',
  'APIGW.0304': 'the app is not authorized to call this API',
  'APIGW.0305': 'the authentication information is incorrect',
  'APIGW.0306': 'access to the API is denied',
  'APIGW.0307': 'the token has expired or is for another region, and must be renewed',
  'APIGW.0308': 'the request rate limit is reached, so the request was throttled',
  'APIGW.0310': 'the project is unavailable',
  'APIGW.0401': 'the gateway could not identify the client IP address',
  'APIGW.0402': 'the client IP address is not allowed to call this API',
  'APIGW.0601': 'the gateway had an internal error',
  'APIGW.0613': 'IAM is unavailable',
  'APIGW.0801': 'the service is not available in the selected region',
  'APIGW.0802': 'the IAM user may not access the selected region',
};

/**
 * The known codes of the classic ELB service (`ELB.xxxx`) and of its API gateway
 * (`APIGW.xxxx`), each with what it means, in lower case and without a final stop so that it
 * reads inside a sentence. Frozen.
 *
 * @remarks Only codes the providers' published tables list are here; any other code has no
 * meaning here, and errors then carry the provider's code and message alone.
 */
export const ELB_ERROR_MEANINGS: Readonly<Record<string, string>> = Object.freeze({
  ...ELB_MEANINGS,
  ...GATEWAY_MEANINGS,
});

/**
 * What a provider code means, such as `'the load balancer quota is exceeded'` for `ELB.1091`.
 *
 * @returns `undefined` for a code not in {@link ELB_ERROR_MEANINGS}, or a value that is not a
 *   string.
 */
export function errorMeaning(code: unknown): string | undefined {
  return typeof code === 'string' && Object.hasOwn(ELB_ERROR_MEANINGS, code)
    ? ELB_ERROR_MEANINGS[code]
    : undefined;
}
