import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

/** WME `POST /v1/login` body. */
export class LoginDto {
  @ApiProperty({ example: 'admin' })
  @IsString()
  @Length(1, 255)
  username!: string;

  @ApiProperty({ example: 'secret' })
  @IsString()
  @Length(1, 1024)
  password!: string;
}

/** WME `POST /v1/token-refresh` body. */
export class RefreshDto {
  @ApiPropertyOptional({ description: 'When given, must be the user the refresh token was issued to.' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  username?: string;

  @ApiProperty()
  @IsString()
  @Length(1, 8192)
  refresh_token!: string;
}

/** WME `POST /v1/token-revoke` body. */
export class RevokeDto {
  @ApiProperty()
  @IsString()
  @Length(1, 8192)
  refresh_token!: string;
}

export class LoginResponseDto {
  @ApiProperty() id_token!: string;
  @ApiProperty() access_token!: string;
  @ApiProperty() refresh_token!: string;
  @ApiProperty({ example: 86400 }) expires_in!: number;
}

export class RefreshResponseDto {
  @ApiProperty() id_token!: string;
  @ApiProperty() access_token!: string;
  @ApiProperty({ example: 86400 }) expires_in!: number;
}
